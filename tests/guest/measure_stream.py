#!/usr/bin/env python3
"""Observation, not a test: guest->host TCP throughput of a 16 MiB
stream-send through qnet's user backend (guest over -netdev stream to
qnet, stream + user on a hub) versus the same guest on QEMU's own
`-netdev user`.  Under TCG the guest CPU is the limit; the numbers only
show that qnet is not in the way.  Prints one line per run and medians.

Usage: measure_stream.py --qnet build/qnet --build-root build
       [--shared ../shared/guest] [--runs 3] [--mb 16]
"""

import os
import statistics

import guestlib
from guestlib import Guest, Qnet, TcpSink

QNET_LINK = ["-netdev", "user,id=u0",
             "-netdev", "hubport,id=p0,hubid=0,netdev=u0",
             "-netdev", "hubport,id=p1,hubid=0,netdev=n0"]


def one(h, how, run):
    sink = TcpSink(h)
    size = h.args.mb * 1048576
    q = None
    if how == "qnet":
        path = os.path.join(h.tmp, f"m{run}.sock")
        q = Qnet(h, f"qnet{run}", [
            "-netdev",
            f"stream,id=n0,server=on,addr.type=unix,addr.path={path}"]
            + QNET_LINK)
        net = (f"-netdev stream,id=n0,server=off,addr.type=unix,"
               f"addr.path={path}")
    else:
        net = "-netdev user,id=n0"
    g = Guest(h, f"{how}{run}", net + " -device virtio-net-pci,netdev=n0",
              "dhcp,stream-send", peer="10.0.2.2", port=sink.port,
              mb=h.args.mb).wait()
    sink.wait()
    cpu = ""
    if q:
        cpu = f", qnet CPU {q.cpu_seconds():.2f} s"
        h.check_qnet(q, f"{how} run {run}")
    host_mbit = size * 8 / sink.secs / 1e6 if sink.secs else 0.0
    ok = h.check(f"{how} run {run}: {sink.bytes} bytes, guest "
                 f"{g.res.get('stream_send_mbit')} Mbit/s, host "
                 f"{host_mbit:.1f} Mbit/s{cpu}",
                 g.ok() and sink.bytes == size, g.diagnostics())
    return (float(g.res.get("stream_send_mbit", 0)), host_mbit) if ok else None


def body(h):
    results = {"qnet": [], "qemu": []}
    for run in range(h.args.runs):
        for how in ("qemu", "qnet"):          # interleaved: same conditions
            r = one(h, how, run)
            if r:
                results[how].append(r)
    for how, rs in results.items():
        if rs:
            print(f"RESULT {how}-user: median guest "
                  f"{statistics.median(r[0] for r in rs):.1f} Mbit/s, "
                  f"host {statistics.median(r[1] for r in rs):.1f} Mbit/s "
                  f"over {len(rs)} runs of {h.args.mb} MiB", flush=True)


if __name__ == "__main__":
    def extra(ap):
        ap.add_argument("--runs", type=int, default=3)
        ap.add_argument("--mb", type=int, default=16)
    guestlib.main(body, extra)
