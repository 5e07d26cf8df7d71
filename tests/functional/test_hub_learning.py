#!/usr/bin/env python3
"""A learning hub (-x-qnet-hub, beyond QEMU) over real stream sockets:
unicast frames reach only the port their destination is behind, broadcasts
reach every port, and QMP shows and changes the mode at run time."""

import os
import signal
import socket
import struct
import subprocess
import sys
import tempfile

from qmp_client import QMPClient, QMPError
from qnet_monitor import qnet_binary
from testlib import check, free_port, summary, wait_until

BCAST = b"\xff" * 6


def station(n):
    return bytes([2, 0, 0, 0, 0, n])


def frame(dst, src, tag):
    body = dst + src + b"\x88\xb5" + tag.ljust(46, b".")
    return struct.pack(">I", len(body)) + body


def read_frames(sock, wait=0.3):
    """Every frame that arrives on @sock within @wait seconds (tags)."""
    sock.settimeout(wait)
    data = b""
    try:
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    except socket.timeout:
        pass
    tags = []
    while len(data) >= 4:
        (n,) = struct.unpack(">I", data[:4])
        tags.append(data[4 + 14:4 + n].rstrip(b".").decode())
        data = data[4 + n:]
    return tags


def hub_of(qmp):
    return qmp.command("x-qnet-query-net")["hubs"][0]


def run(qnet, tmp):
    ports = [free_port() for _ in range(3)]
    qmp_path = os.path.join(tmp, "qmp.sock")
    args = [qnet, "-nodefaults", "-x-qnet-hub", "0,ageing=60",
            "-qmp", f"unix:{qmp_path},server=on,wait=off"]
    for i, port in enumerate(ports):
        args += ["-netdev", f"stream,id=s{i},server=on,addr.type=inet,"
                 f"addr.host=127.0.0.1,addr.port={port}",
                 "-netdev", f"hubport,id=h{i},hubid=0,netdev=s{i}"]
    proc = subprocess.Popen(args, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, start_new_session=True)
    socks = []
    try:
        check("qmp socket appears",
              wait_until(lambda: os.path.exists(qmp_path)))
        qmp = QMPClient(qmp_path)
        qmp.read_greeting()
        qmp.negotiate()
        socks = [socket.create_connection(("127.0.0.1", p), timeout=5)
                 for p in ports]
        check("all ports connected", wait_until(lambda: all(
            c["info"].startswith("tcp:")
            for c in qmp.command("x-qnet-query-net")["clients"]
            if c["type"] == "stream")))
        a, b, c = socks

        a.sendall(frame(station(2), station(1), b"a-to-b-unknown"))
        check("unknown destination flooded",
              read_frames(b) == ["a-to-b-unknown"] and
              read_frames(c) == ["a-to-b-unknown"])
        b.sendall(frame(station(1), station(2), b"b-to-a"))
        check("reply reaches a only",
              read_frames(a) == ["b-to-a"] and read_frames(c) == [])
        a.sendall(frame(station(2), station(1), b"a-to-b-known"))
        check("known destination: one port",
              read_frames(b) == ["a-to-b-known"] and read_frames(c) == [])
        a.sendall(frame(BCAST, station(1), b"bcast"))
        check("broadcast flooded",
              read_frames(b) == ["bcast"] and read_frames(c) == ["bcast"])

        hub = hub_of(qmp)
        fdb = {e["mac"]: e["port"] for e in hub["fdb"]}
        check("query shows mode and table",
              hub["mode"] == "learning" and hub["ageing"] == 60 and
              fdb == {"02:00:00:00:00:01": "h0", "02:00:00:00:00:02": "h1"},
              hub)
        check("query counters", (hub["flooded"], hub["forwarded"],
                                 hub["filtered"]) == (2, 2, 0), hub)

        qmp.command("x-qnet-hub-set", {"hubid": 0, "mode": "flood"})
        a.sendall(frame(station(2), station(1), b"flooding-again"))
        check("flood mode set at run time",
              read_frames(c) == ["flooding-again"] and
              hub_of(qmp)["mode"] == "flood" and hub_of(qmp)["fdb"] == [])
        for bad, want in (({"hubid": 0, "mode": "switch"},
                           "Parameter 'mode' expects 'flood' or 'learning'"),
                          ({"hubid": 0, "ageing": 0}, "Parameter 'ageing' "
                           "expects a number from 1 to 1000000")):
            try:
                qmp.command("x-qnet-hub-set", bad)
                got = None
            except QMPError as e:
                got = e.desc
            check(f"x-qnet-hub-set refuses {bad}", got == want, got)
        qmp.command("quit")
        check("quits cleanly", proc.wait(10) == 0, proc.stderr.read())
    finally:
        for s in socks:
            s.close()
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)


def main():
    qnet = qnet_binary(sys.argv)
    with tempfile.TemporaryDirectory() as tmp:
        run(qnet, tmp)
    return summary()


if __name__ == "__main__":
    sys.exit(main())
