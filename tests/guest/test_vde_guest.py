#!/usr/bin/env python3
"""A real Linux guest on a vde_switch reaches qnet's user backend through
the same switch (suite 'guest', 'vde').

  vde_switch -s DIR
  qnet:  -netdev vde,id=v0,sock=DIR  + -netdev user,id=u0 on hub 0
  guest: -netdev vde,id=n0,sock=DIR -device virtio-net-pci
  DHCP (10.0.2.15) and wget of a 3 MB file from a host http.server via
  10.0.2.2, md5 compared.

Run it with the normal build's qnet: libvdeplug does not work under ASan.
Exit 77 (skip) without vde_switch, without ../shared/guest or QEMU, or when
the guest cannot be built.
"""

import os
import shutil
import subprocess

import guestlib
from guestlib import Guest, HttpServer, Qnet, Skip, wait_until


def body(h):
    if h.args.sanitize not in ("", "none"):
        raise Skip(f"libvdeplug does not work under -fsanitize="
                   f"{h.args.sanitize}; run this test in the normal build")
    if not shutil.which("vde_switch"):
        raise Skip("vde_switch is not installed (Debian package vde2)")
    sw_dir = os.path.join(h.tmp, "switch")
    log = open(os.path.join(h.tmp, "vde_switch.log"), "wb")
    # stdin stays an open pipe: vde_switch's console quits on EOF
    sw = subprocess.Popen(["vde_switch", "-s", sw_dir], stdin=subprocess.PIPE,
                          stdout=log, stderr=subprocess.STDOUT,
                          start_new_session=True)
    h.sessions.append(sw)
    h.closers.append(log.close)
    if not wait_until(lambda: os.path.exists(os.path.join(sw_dir, "ctl")),
                      10):
        raise RuntimeError("vde_switch did not create its control socket")
    web = HttpServer(h)
    q = Qnet(h, "qnet", [
        "-netdev", f"vde,id=v0,sock={sw_dir}",
        "-netdev", "user,id=u0",
        "-netdev", "hubport,id=p0,hubid=0,netdev=u0",
        "-netdev", "hubport,id=p1,hubid=0,netdev=v0"])
    g = Guest(h, "guest-vde",
              f"-netdev vde,id=n0,sock={sw_dir} "
              "-device virtio-net-pci,netdev=n0",
              "dhcp-wget", url=web.url(), md5=web.md5,
              expect_ip="10.0.2.15").wait()
    print(g.summary(), flush=True)
    diag = g.diagnostics()
    h.check("vde: guest passed", g.ok(), diag)
    h.check("vde: DHCP lease 10.0.2.15 from 10.0.2.2",
            g.res.get("ip") == "10.0.2.15" and
            g.res.get("server") == "10.0.2.2", diag)
    h.check(f"vde: wget md5 matches ({g.res.get('wget_bytes')} bytes,"
            f" {g.res.get('wget_mbit')} Mbit/s)",
            g.res.get("wget_md5") == web.md5 and
            g.res.get("wget_bytes") == "3000000", diag)
    h.check_qnet(q, "vde")


if __name__ == "__main__":
    guestlib.main(body, lambda ap: ap.add_argument(
        "--sanitize", default="none", help="meson's b_sanitize"))
