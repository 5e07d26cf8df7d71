"""Network namespaces, veth pairs, taps moved into namespaces, and iperf3 between them."""

import json
import os
import shutil
import subprocess
import time

from . import procs


def missing_prerequisite():
    """Why namespace scenarios cannot run here, or None when they can."""
    if os.geteuid() != 0:
        return "needs root"
    if not os.path.exists("/dev/net/tun"):
        return "needs /dev/net/tun"
    for tool in ("ip", "iperf3"):
        if not shutil.which(tool):
            return f"needs {tool} (Debian package " \
                   f"{'iproute2' if tool == 'ip' else tool})"
    return None


def ip(*args, ns=None, check=True):
    argv = (["ip", "netns", "exec", ns] if ns else []) + ["ip"] + list(args)
    return procs.run(argv, timeout=20, check=check)


class Namespaces:
    """Namespaces this benchmark creates (named qnb<pid>-*), removed on exit."""

    def __init__(self):
        self.names = []
        self.tag = f"qnb{os.getpid()}"

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def add(self, suffix):
        name = f"{self.tag}-{suffix}"
        ip("netns", "add", name)
        self.names.append(name)
        ip("link", "set", "lo", "up", ns=name)
        return name

    def veth(self, ns_a, addr_a, ns_b, addr_b):
        """A veth pair between two namespaces, with addresses (CIDR)."""
        a, b = f"{self.tag}a"[-15:], f"{self.tag}b"[-15:]
        ip("link", "add", a, "type", "veth", "peer", "name", b)
        for dev, ns, addr in ((a, ns_a, addr_a), (b, ns_b, addr_b)):
            ip("link", "set", dev, "netns", ns)
            ip("addr", "add", addr, "dev", dev, ns=ns)
            ip("link", "set", dev, "up", ns=ns)
        return a, b

    def adopt_tap(self, ifname, ns, addr, gateway=None):
        """Move a tap an emulator opened into @ns and configure it."""
        procs.poll_until(lambda: os.path.exists(f"/sys/class/net/{ifname}"),
                         10, what=f"tap {ifname}")
        ip("link", "set", ifname, "netns", ns)
        ip("addr", "add", addr, "dev", ifname, ns=ns)
        ip("link", "set", ifname, "up", ns=ns)
        if gateway:
            ip("route", "add", "default", "via", gateway, ns=ns)

    def close(self):
        for name in reversed(self.names):
            ip("netns", "del", name, check=False)
        self.names = []


def set_offloads(ns, dev, on):
    """Turn TSO, GSO and GRO of @dev in @ns on or off (ethtool -K).

    Off, a TCP stream crosses a veth as MTU-sized frames, as it crosses a
    tap without vnet headers; checksum offloads stay as they are.
    """
    state = "on" if on else "off"
    procs.run(["ip", "netns", "exec", ns, "ethtool", "-K", dev,
               "tso", state, "gso", state, "gro", state], timeout=20)


def iperf3(server_ns, server_addr, client_ns, target, port, seconds,
           reverse=False):
    """One iperf3 TCP test; returns Mbit/s received by the receiving side.

    The server runs in @server_ns (None: this namespace) bound to
    @server_addr; the client in @client_ns connects to @target.
    """
    def in_ns(ns, argv):
        return (["ip", "netns", "exec", ns] if ns else []) + argv

    server = procs.spawn(in_ns(server_ns, [
        "iperf3", "-s", "-1", "-B", server_addr, "-p", str(port)]),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        argv = in_ns(client_ns, ["iperf3", "-c", target, "-p", str(port),
                                 "-t", str(seconds), "-J"]
                     + (["-R"] if reverse else []))
        for attempt in range(50):
            out = procs.run(argv, timeout=seconds + 30, check=False)
            res = json.loads(out) if out.strip().startswith("{") else {}
            if "error" not in res and res.get("end"):
                break
            time.sleep(0.1)         # the server may not be listening yet
        else:
            raise procs.BenchError(f"iperf3 failed: {res.get('error', out)}")
        bps = res["end"]["sum_received"]["bits_per_second"]
        retr = res["end"].get("sum_sent", {}).get("retransmits", 0)
        return {"mbps": bps / 1e6, "retransmits": retr}
    finally:
        procs.stop(server)
