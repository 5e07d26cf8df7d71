#!/usr/bin/env python3
"""qnet's user backend end to end, with Linux's TCP/IP stack as the guest.

qnet runs in a private "host" namespace with a user netdev and a tap on
hub 0; the tap is moved into a guest namespace, where busybox and python3
use the kernel's stack: DHCP (udhcpc), DNS through 10.0.2.3, HTTP from the
host's loopback through 10.0.2.2 and TCP uploads back (byte-exact), hostfwd
(TCP/UDP, at start, HMP and QMP at run time, removed again), guestfwd to a
command, restrict=on, TFTP, SMB (smbclient), ping, and a raw DHCP/ARP flood.
Where QEMU 7.2 has the same feature, qemu-system-x86_64 -M none is run on
the same -netdev line and the monitor texts are compared.

The host namespace has its own loopback: the HTTP server (8080), the upload
sink (9090) and a DNS server (53; /etc/netns/NS/resolv.conf names it) run
there as threads of this process, which enters that namespace.

Each check prints PASS/FAIL/SKIP; the last line is "N passed, N failed,
N skipped".  Exits 77 when root, /dev/net/tun, ip
or busybox is missing.  Names carry the pid; namespaces, taps and
processes are removed in finally blocks.

Usage: test_user_netns.py --qnet build/qnet [--only NAME] [--qemu PATH]
"""

import argparse
import contextlib
import hashlib
import os
import random
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import netns_services                                   # noqa: E402
from netns_guest import (SKIP, WAIT_S, Guest, HostNetns, Qnet,  # noqa: E402
                         TestFailure, check, prerequisites, run)
from qmp_client import QMPClient, QMPError              # noqa: E402

HTTP_PORT, SINK_PORT = 8080, 9090
DNS_NAMES = {"qnet-test.example": "192.0.2.77",
             "web.qnet.test": "10.0.2.2"}
SIZES = [0, 1, 1460, 65536, 1000003, 4 << 20]

# ---------------------------------------------------------------- guest code
# Run with python3 inside the guest namespace: Linux's stack is the guest.

TCP_ECHO = r"""
import socket, sys, threading
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", int(sys.argv[1])))
s.listen(8)
print("ready", flush=True)
def serve(c):
    c.settimeout(60)
    while True:
        d = c.recv(65536)
        if not d:
            break
        c.sendall(d)
    c.shutdown(socket.SHUT_WR)
    c.close()
while True:
    c, _ = s.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
"""

UDP_ECHO = r"""
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("0.0.0.0", int(sys.argv[1])))
print("ready", flush=True)
while True:
    d, peer = s.recvfrom(65536)
    s.sendto(b"echo:" + d, peer)
"""

UPLOAD = r"""
import hashlib, random, socket, sys
data = random.Random(int(sys.argv[3])).randbytes(int(sys.argv[4]))
c = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=30)
c.sendall(data)
c.shutdown(socket.SHUT_WR)
reply = b""
while True:
    d = c.recv(4096)
    if not d:
        break
    reply += d
print(reply.decode().strip(), len(data), hashlib.sha256(data).hexdigest())
"""

TCP_EXCHANGE = r"""
import socket, sys
c = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=10)
c.sendall(sys.argv[3].encode())
c.shutdown(socket.SHUT_WR)
got = b""
while True:
    d = c.recv(65536)
    if not d:
        break
    got += d
sys.stdout.write(got.decode(errors="replace"))
"""

# DHCP DISCOVERs from random MACs ("dhcp") or ARP requests with random
# senders ("arp"), through an AF_PACKET socket on the guest's interface,
# for at most SECS seconds and LIMIT frames.
FLOOD = r"""
import random, socket, struct, sys, time
ifname, secs, kinds, limit = (sys.argv[1], float(sys.argv[2]), sys.argv[3],
                              int(sys.argv[4]))
rnd = random.Random(5)
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((ifname, 0))
def csum(b):
    t = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while t >> 16:
        t = (t & 0xFFFF) + (t >> 16)
    return ~t & 0xFFFF
def mac():
    return bytes([0x52, 0x54]) + rnd.randbytes(4)
def discover(m):
    bootp = (struct.pack("!BBBBIHH", 1, 1, 6, 0, rnd.getrandbits(32), 0,
                         0x8000) + bytes(16) + m + bytes(10 + 64 + 128)
             + bytes([99, 130, 83, 99, 53, 1, 1, 255]))
    udp = struct.pack("!HHHH", 68, 67, 8 + len(bootp), 0) + bootp
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0, 64, 17,
                     0, bytes(4), b"\xff" * 4)
    ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
    return b"\xff" * 6 + m + b"\x08\x00" + ip + udp
def arp(m):
    spa = bytes([10, 0, 2, rnd.randrange(1, 255)])
    tpa = bytes([10, 0, 2, rnd.choice([2, 3, rnd.randrange(1, 255)])])
    return (b"\xff" * 6 + m + b"\x08\x06" +
            struct.pack("!HHBBH", 1, 0x0800, 6, 4, 1) + m + spa + bytes(6) +
            tpa)
sent = dropped = 0
end = time.monotonic() + secs
while time.monotonic() < end and sent < limit:
    for _ in range(64):
        m = mac()
        for frame in ((discover(m),) if kinds == "dhcp" else (arp(m),)):
            try:
                s.send(frame)
                sent += 1
            except OSError:
                dropped += 1
print(sent, dropped)
"""


# ---------------------------------------------------------------- harness

class Env:
    """One run: the host namespace, its servers, and the per-check guests."""

    def __init__(self, args):
        self.args = args
        self.pid = os.getpid() % 100000
        self.host = HostNetns(f"qnuh{self.pid}")
        self.tap = f"qnut{self.pid}"
        self.tmp = self.host.tmp
        self.www = os.path.join(self.tmp, "www")
        self.files = {}
        self.dns = None
        self.servers = []
        self.nguest = 0

    def setup(self):
        self.host.enter("nameserver 127.0.0.1\n")
        os.makedirs(self.www)
        rnd = random.Random(self.pid)
        for size in SIZES:
            name = f"f{size}.bin"
            data = rnd.randbytes(size)
            with open(os.path.join(self.www, name), "wb") as f:
                f.write(data)
            self.files[name] = hashlib.sha256(data).hexdigest()
        self.servers.append(netns_services.start_http(self.www, HTTP_PORT))
        self.servers.append(netns_services.start_sink(SINK_PORT))
        self.dns = netns_services.DnsServer(DNS_NAMES)

    def teardown(self):
        for srv in self.servers:
            srv.shutdown()
            srv.server_close()
        if self.dns:
            self.dns.close()
        self.host.leave()

    def path(self, name):
        return os.path.join(self.tmp, name)

    @contextlib.contextmanager
    def session(self, user_opts, qmp=False, exe=None, wrap=()):
        """qnet (or @exe) with `-netdev user,id=u0,@user_opts` and the tap
        on hub 0, and a guest namespace holding the tap; yields
        (qnet, guest).  qnet must quit cleanly at the end."""
        self.nguest += 1
        qmp_path = self.path(f"qmp{self.nguest}.sock") if qmp else None
        opts = "user,id=u0" + ("," + user_opts if user_opts else "")
        q = Qnet(exe or self.args.qnet,
                 ["-netdev", opts,
                  "-netdev", f"tap,id=t0,ifname={self.tap},script=no,"
                  "downscript=no",
                  "-netdev", "hubport,id=h0,hubid=0,netdev=u0",
                  "-netdev", "hubport,id=h1,hubid=0,netdev=t0"],
                 self.host.name, qmp_path=qmp_path, wrap=wrap)
        g = None
        try:
            q.start()
            g = Guest(f"qnug{self.pid}x{self.nguest}", self.tap, self.tmp)
            g.attach()
            q.qmp_path = qmp_path
            yield q, g
            check(q.alive(), f"qnet died: {q.stderr()}")
            rc = q.quit()
            check(rc == 0, f"qnet exited with {rc}: {q.stderr()}")
        finally:
            if g:
                g.close()
            q.kill()


def wait_ready(proc, timeout=WAIT_S):
    """Waits for a guest server's "ready" line (bounded)."""
    r, _, _ = select.select([proc.stdout], [], [], timeout)
    line = proc.stdout.readline().decode().strip() if r else ""
    if line != "ready":
        proc.kill()
        raise TestFailure("guest server did not start: " +
                          proc.stderr.read().decode(errors="replace"))


def tcp_roundtrip(port, nbytes, seed=1, host="127.0.0.1"):
    """Sends @nbytes to @host:@port (a hostfwd to the guest's echo server)
    and checks they come back exactly."""
    data = random.Random(seed).randbytes(nbytes)
    with socket.create_connection((host, port), timeout=WAIT_S) as c:
        c.settimeout(WAIT_S)
        err = []

        def send():
            try:
                c.sendall(data)
                c.shutdown(socket.SHUT_WR)
            except OSError as e:
                err.append(e)
        t = threading.Thread(target=send)
        t.start()
        got = bytearray()
        while True:
            d = c.recv(1 << 16)
            if not d:
                break
            got += d
        t.join(WAIT_S)
    check(not err, f"send to {host}:{port}: {err}")
    check(bytes(got) == data, f"TCP echo via {host}:{port}: sent {nbytes}, "
          f"got {len(got)} bytes{' (differ)' if len(got) == nbytes else ''}")


def udp_roundtrip(port, payload=b"qnet-udp", host="127.0.0.1"):
    """One datagram to @host:@port; returns the reply (or raises)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(1)
        s.connect((host, port))
        for _ in range(5):              # UDP: retry a lost first datagram
            s.send(payload)
            try:
                return s.recv(65536)
            except socket.timeout:
                continue
    raise TestFailure(f"no UDP reply via {host}:{port}")


def tcp_refused(port, host="127.0.0.1"):
    try:
        socket.create_connection((host, port), timeout=5).close()
    except ConnectionRefusedError:
        return True
    return False


def udp_refused(port, host="127.0.0.1"):
    """True when a datagram to @port draws ICMP port unreachable."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(1)
        s.connect((host, port))
        for _ in range(3):
            try:
                s.send(b"x")
                s.recv(100)
                return False
            except ConnectionRefusedError:
                return True
            except socket.timeout:
                continue
    return False


def mask_fd(text):
    """info usernet with the FD column (host descriptor numbers) masked."""
    return re.sub(r"^(  \S+)\s+\d+(?= )", r"\1 FD", text, flags=re.M)


def guest_python(g, code, *args, timeout=60):
    return g.run(["python3", "-c", code] + [str(a) for a in args],
                 check_rc=False, timeout=timeout)


def wget(g, url, out, timeout=60):
    """busybox wget in the guest (no -T: busybox-static 1.35's wget
    crashes with it; the bound is the subprocess timeout)."""
    return g.run(["busybox", "wget", "-q", "-O", out, url], check_rc=False,
                 timeout=timeout)


def sha256_file(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def qemu_exe(env):
    exe = env.args.qemu or shutil.which("qemu-system-x86_64")
    return exe if exe and os.access(exe, os.X_OK) else None


# ---------------------------------------------------------------- checks
# Each returns None (passed), or a string: the reason it was skipped.

def check_dhcp_default(env):
    with env.session("") as (q, g):
        lease = g.dhcp()
        want = {"ip": "10.0.2.15", "mask": "24", "router": "10.0.2.2",
                "dns": "10.0.2.3", "serverid": "10.0.2.2",
                "siaddr": "10.0.2.2", "lease": "86400"}
        got = {k: lease.get(k) for k in want}
        check(got == want, f"lease {got}, wanted {want}")
        info = q.hmp("info network")
        check("u0: index=0,type=user,net=10.0.2.0,restrict=off" in info, info)
        r = g.run(["ip", "-4", "-o", "addr", "show", "dev", env.tap])
        check("inet 10.0.2.15/24" in r.out, r.out)
        r = g.run(["ip", "route", "show", "default"])
        check("default via 10.0.2.2" in r.out, r.out)


CUSTOM = ("net=192.168.76.0/24,host=192.168.76.1,dhcpstart=192.168.76.9,"
          "dns=192.168.76.53,hostname=qguest,domainname=qnet.test,"
          "dnssearch=a.qnet.test,dnssearch=b.qnet.test")
CUSTOM_OPTS = ("-O", "search", "-O", "tftp")


def custom_line(env):
    """CUSTOM, with tftp-server-name unless qnet is an ASan build:
    libslirp 4.7 never frees its copy of that name (slirp_cleanup), and
    LeakSanitizer would report the library's 15 bytes as qnet's."""
    if is_asan(env.args.qnet):
        return CUSTOM
    return CUSTOM + ",tftp-server-name=boot.qnet.test"


def check_dhcp_custom(env):
    line = custom_line(env)
    with env.session(line) as (q, g):
        lease = g.dhcp(extra=CUSTOM_OPTS)
        want = {"ip": "192.168.76.9", "mask": "24", "router": "192.168.76.1",
                "dns": "192.168.76.53", "serverid": "192.168.76.1",
                "hostname": "qguest", "domain": "qnet.test",
                "search": "a.qnet.test b.qnet.test",
                "tftp": "boot.qnet.test" if "tftp-server" in line else ""}
        got = {k: lease.get(k) for k in want}
        check(got == want, f"lease {got}, wanted {want}")
        info = q.hmp("info network")
        check("type=user,net=192.168.76.0,restrict=off" in info, info)
        # The addresses work, not just appear in the lease.
        out = env.path("custom.bin")
        r = wget(g, f"http://192.168.76.1:{HTTP_PORT}/f65536.bin", out)
        check(r.returncode == 0 and sha256_file(out) ==
              env.files["f65536.bin"], f"wget via 192.168.76.1: {r.err}")
        r = g.run(["busybox", "nslookup", "qnet-test.example",
                   "192.168.76.53"], check_rc=False, timeout=20)
        check("192.0.2.77" in r.out, f"DNS via 192.168.76.53: {r.out}")


def check_dhcp_vs_qemu(env):
    qemu = qemu_exe(env)
    if not qemu:
        return "qemu-system-x86_64 is not installed"
    leases = {}
    for name, exe in (("qemu", qemu), ("qnet", env.args.qnet)):
        with env.session(custom_line(env), exe=exe) as (q, g):
            leases[name] = g.dhcp(extra=CUSTOM_OPTS)
            leases[name].pop("lease", None)
    check(leases["qemu"] == leases["qnet"],
          f"QEMU's lease {leases['qemu']} != qnet's {leases['qnet']}")


def check_dns(env):
    with env.session("") as (q, g):
        g.dhcp()
        env.dns.queries.clear()
        # The resolv.conf the DHCP script wrote (nameserver 10.0.2.3).
        with open(g.resolv) as f:
            check(f.read().strip() == "nameserver 10.0.2.3", "resolv.conf")
        r = g.run(["busybox", "nslookup", "qnet-test.example"],
                  check_rc=False, timeout=20)
        check("192.0.2.77" in r.out, f"nslookup qnet-test.example: {r.out}"
              f"{r.err}")
        check(("qnet-test.example", 1) in env.dns.queries,
              f"the host's DNS server saw {env.dns.queries}")
        # An unknown name: the forwarder passes the NXDOMAIN through (an
        # answer, not silence).
        r = g.run(["busybox", "nslookup", "nowhere.qnet.test", "10.0.2.3"],
                  check_rc=False, timeout=20)
        check("NXDOMAIN" in r.out, f"nslookup nowhere.qnet.test: {r.out}")
        # localhost: libslirp does not read the host's /etc/hosts; the
        # query goes to the host's resolver like any other.
        before = len(env.dns.queries)
        r = g.run(["busybox", "nslookup", "localhost", "10.0.2.3"],
                  check_rc=False, timeout=20)
        check(("localhost", 1) in env.dns.queries[before:] and
              "NXDOMAIN" in r.out,
              f"localhost: {r.out} (queries {env.dns.queries[before:]})")
        # A name the DNS server maps to the gateway, used by a client.
        out = env.path("byname.bin")
        r = wget(g, f"http://web.qnet.test:{HTTP_PORT}/f1460.bin", out)
        check(r.returncode == 0 and sha256_file(out) ==
              env.files["f1460.bin"], f"wget by name: {r.err}")


def check_http_download(env):
    with env.session("") as (q, g):
        g.dhcp()
        for size in SIZES:
            name = f"f{size}.bin"
            out = env.path("dl-" + name)
            t = time.monotonic()
            r = wget(g, f"http://10.0.2.2:{HTTP_PORT}/{name}", out)
            dt = time.monotonic() - t
            check(r.returncode == 0, f"wget {name}: {r.err}")
            check(os.path.getsize(out) == size and
                  sha256_file(out) == env.files[name],
                  f"{name}: got {os.path.getsize(out)} bytes, differ")
            os.unlink(out)
            if size >= 1 << 20:
                print(f"  {size} bytes host->guest in {dt * 1000:.0f} ms",
                      flush=True)


def check_tcp_upload(env):
    with env.session("") as (q, g):
        g.dhcp()
        for size in (1, 65536, 4 << 20):
            r = guest_python(g, UPLOAD, "10.0.2.2", SINK_PORT, 7, size)
            words = r.out.split()
            check(r.returncode == 0 and len(words) == 4,
                  f"upload {size}: {r.out} {r.err}")
            check(words[0:2] == words[2:4],
                  f"upload {size}: host got {words[0:2]}, sent {words[2:4]}")


def start_echo_servers(g, tcp_port, udp_port):
    p = g.spawn(["python3", "-c", TCP_ECHO, str(tcp_port)])
    wait_ready(p)
    p = g.spawn(["python3", "-c", UDP_ECHO, str(udp_port)])
    wait_ready(p)


def check_hostfwd_start(env):
    opts = ("hostfwd=tcp:127.0.0.1:2201-:22,"
            "hostfwd=udp:127.0.0.1:2202-10.0.2.15:5353")
    with env.session(opts) as (q, g):
        g.dhcp()
        start_echo_servers(g, 22, 5353)
        tcp_roundtrip(2201, 1 << 20)
        tcp_roundtrip(2201, 1)
        check(udp_roundtrip(2202) == b"echo:qnet-udp", "UDP echo")
        usernet = q.hmp("info usernet")
        check(re.search(r"TCP\[HOST_FORWARD\]\s+\d+\s+127\.0\.0\.1\s+2201\s+"
                        r"10\.0\.2\.15\s+22\s", usernet), usernet)
        check(re.search(r"UDP\[HOST_FORWARD\]\s+\d+\s+127\.0\.0\.1\s+2202\s+"
                        r"10\.0\.2\.15\s+5353\s", usernet), usernet)


def check_hostfwd_hmp(env):
    with env.session("") as (q, g):
        g.dhcp()
        start_echo_servers(g, 22, 5353)
        check(tcp_refused(2211), "2211 open before hostfwd_add")
        check(q.hmp("hostfwd_add tcp:127.0.0.1:2211-:22") == "", "add tcp")
        check(q.hmp("hostfwd_add u0 udp:127.0.0.1:2212-:5353") == "",
              "add udp")
        tcp_roundtrip(2211, 300000, seed=2)
        check(udp_roundtrip(2212, b"x") == b"echo:x", "UDP echo")
        out = q.hmp("hostfwd_remove tcp:127.0.0.1:2211")
        check(out == "host forwarding rule for tcp:127.0.0.1:2211 removed",
              out)
        out = q.hmp("hostfwd_remove u0 udp:127.0.0.1:2212")
        check(out == "host forwarding rule for udp:127.0.0.1:2212 removed",
              out)
        check(tcp_refused(2211), "TCP 2211 still accepts after removal")
        check(udp_refused(2212), "UDP 2212 still answers after removal")
        out = q.hmp("hostfwd_remove tcp:127.0.0.1:2211")
        check(out == "host forwarding rule for tcp:127.0.0.1:2211 not found",
              out)
        check("HOST_FORWARD" not in q.hmp("info usernet"), "rows left")


def check_hostfwd_qmp(env):
    with env.session("", qmp=True) as (q, g):
        g.dhcp()
        start_echo_servers(g, 22, 5353)
        with QMPClient(q.qmp_path, timeout=WAIT_S) as c:
            c.negotiate()
            a = c.command("x-qnet-hostfwd-add",
                          {"netdev": "u0", "rule": "tcp:127.0.0.1:0-:22"})
            port = a["host-port"]
            check(port > 0 and a["guest-addr"] == "10.0.2.15", str(a))
            c.command("x-qnet-hostfwd-add",
                      {"protocol": "udp", "host-addr": "127.0.0.1",
                       "host-port": 2222, "guest-port": 5353})
            rules = sorted(f["rule"] for f in
                           c.command("x-qnet-hostfwd-list", {"netdev": "u0"}))
            check(rules == [f"tcp:127.0.0.1:{port}-10.0.2.15:22",
                            "udp:127.0.0.1:2222-10.0.2.15:5353"], str(rules))
            tcp_roundtrip(port, 200000, seed=3)
            check(udp_roundtrip(2222, b"q") == b"echo:q", "UDP echo")
            c.command("x-qnet-hostfwd-remove",
                      {"netdev": "u0", "rule": f"tcp:127.0.0.1:{port}"})
            c.command("x-qnet-hostfwd-remove",
                      {"protocol": "udp", "host-addr": "127.0.0.1",
                       "host-port": 2222})
            check(c.command("x-qnet-hostfwd-list") == [], "list not empty")
            check(tcp_refused(port), "TCP still accepts after removal")
            check(udp_refused(2222), "UDP still answers after removal")
            try:
                c.command("x-qnet-hostfwd-remove",
                          {"rule": f"tcp:127.0.0.1:{port}"})
                raise TestFailure("removing a missing forward succeeded")
            except QMPError:
                pass


USERNET_LINE = ("hostfwd=tcp:127.0.0.1:2401-:22,"
                "hostfwd=udp::2402-10.0.2.20:53,hostfwd=tcp::2403-:80,"
                "guestfwd=tcp:10.0.2.100:7777-cmd:cat")
USERNET_CMDS = ["hostfwd_add tcp:127.0.0.1:2404-:2222",
                "hostfwd_add u0 udp::2405-:5353",
                "hostfwd_remove u0 tcp::2403",
                "hostfwd_remove udp::2403",
                "hostfwd_add tcp:127.0.0.1:2401-:23",
                "hostfwd_add tcp:127.0.0.1:99999-:22",
                "hostfwd_add tcp:10.0.2.15",
                "hostfwd_add nosuch tcp::2406-:22",
                "info usernet"]


def check_usernet_vs_qemu(env):
    qemu = qemu_exe(env)
    if not qemu:
        return "qemu-system-x86_64 is not installed"
    for extra in ([], ["-netdev", "hubport,id=h0,hubid=0,netdev=u0"]):
        texts = {}
        for name, exe in (("qemu", qemu), ("qnet", env.args.qnet)):
            q = Qnet(exe, ["-netdev", "user,id=u0," + USERNET_LINE] + extra,
                     env.host.name)
            try:
                q.start()
                texts[name] = [mask_fd(q.hmp(c)) for c in USERNET_CMDS]
                check(q.quit() == 0, f"{name} quit")
            finally:
                q.kill()
        for cmd, a, b in zip(USERNET_CMDS, texts["qemu"], texts["qnet"]):
            check(a == b, f"{' '.join(extra) or 'no peer'}: '{cmd}':\n"
                  f"QEMU:\n{a}\nqnet:\n{b}")
    print("  " + texts["qnet"][-1].replace("\n", "\n  "), flush=True)


def check_port_in_use(env):
    """A hostfwd on a port the host already listens on: QEMU's error."""
    qemu = qemu_exe(env)
    line = f"user,id=u0,hostfwd=tcp:127.0.0.1:{HTTP_PORT}-:80"
    results = {}
    for name, exe in (("qemu", qemu), ("qnet", env.args.qnet)):
        if not exe:
            continue
        r = run(["ip", "netns", "exec", env.host.name, exe, "-M", "none",
                 "-nodefaults", "-display", "none", "-netdev", line],
                check_rc=False)
        results[name] = (r.returncode,
                         re.sub(r"^\S+: ", "PROG: ", r.err, flags=re.M))
    rc, err = results["qnet"]
    check(rc == 1 and "Could not set up host forwarding rule "
          f"'tcp:127.0.0.1:{HTTP_PORT}-:80'" in err, f"qnet: {rc} {err}")
    if "qemu" in results:
        check(results["qemu"] == results["qnet"],
              f"QEMU {results['qemu']} != qnet {results['qnet']}")
    with env.session("") as (q, g):
        out = q.hmp(f"hostfwd_add tcp:127.0.0.1:{SINK_PORT}-:80")
        check("Could not set up host forwarding rule "
              f"'tcp:127.0.0.1:{SINK_PORT}-:80'" in out, out)
        results["runtime"] = out
    if qemu:
        q = Qnet(qemu, ["-netdev", "user,id=u0"], env.host.name).start()
        try:
            out = q.hmp(f"hostfwd_add tcp:127.0.0.1:{SINK_PORT}-:80")
            check(out == results["runtime"],
                  f"QEMU: {out!r}, qnet: {results['runtime']!r}")
            q.quit()
        finally:
            q.kill()


def check_guestfwd(env):
    opts = ("guestfwd=tcp:10.0.2.100:7777-cmd:tr a-z A-Z,"
            "guestfwd=tcp:10.0.2.101:7778-cmd:sha256sum")
    with env.session(opts) as (q, g):
        g.dhcp()
        r = guest_python(g, TCP_EXCHANGE, "10.0.2.100", 7777, "hello qnet\n")
        check(r.returncode == 0 and r.out == "HELLO QNET\n",
              f"guestfwd tr: {r.out!r} {r.err}")
        r = guest_python(g, UPLOAD.replace(".strip()", ".split()[0]"),
                         "10.0.2.101", 7778, 9, 1 << 20)
        words = r.out.split()
        check(r.returncode == 0 and len(words) == 3 and
              words[0] == words[2], f"guestfwd sha256sum: {r.out} {r.err}")


def check_restrict(env):
    opts = ("restrict=on,hostfwd=tcp:127.0.0.1:2301-:22,"
            "guestfwd=tcp:10.0.2.100:7777-cmd:tr a-z A-Z")
    with env.session(opts) as (q, g):
        # libslirp leaves the router and DNS options out of a restricted
        # lease (bootp.c); the guest still gets its address.
        lease = g.dhcp()
        got = {k: lease.get(k) for k in ("ip", "router", "dns")}
        check(got == {"ip": "10.0.2.15", "router": "", "dns": ""},
              f"lease {lease}")
        check("restrict=on" in q.hmp("info network"), "info network")
        t = time.monotonic()
        r = g.run(["timeout", "5", "busybox", "wget", "-q", "-O",
                   "/dev/null", f"http://10.0.2.2:{HTTP_PORT}/f1.bin"],
                  check_rc=False, timeout=20)
        check(r.returncode != 0, "the host's HTTP server was reachable")
        r = guest_python(g, UPLOAD, "10.0.2.2", SINK_PORT, 1, 10, timeout=20)
        check(r.returncode != 0, f"the upload sink was reachable: {r.out}")
        print(f"  outbound TCP refused (after {time.monotonic() - t:.1f} s)",
              flush=True)
        # DNS is outbound too: the query is dropped, not forwarded.
        env.dns.queries.clear()
        r = g.run(["timeout", "2", "busybox", "nslookup", "qnet-test.example",
                   "10.0.2.3"], check_rc=False, timeout=20)
        check("192.0.2.77" not in r.out and not env.dns.queries,
              f"DNS was forwarded under restrict: {env.dns.queries}")
        start_echo_servers(g, 22, 5353)
        tcp_roundtrip(2301, 100000, seed=4)
        r = guest_python(g, TCP_EXCHANGE, "10.0.2.100", 7777, "still\n")
        check(r.out == "STILL\n", f"guestfwd under restrict: {r.out!r}")


def check_tftp(env):
    tdir = env.path("tftp")
    os.makedirs(tdir, exist_ok=True)
    rnd = random.Random(11)
    files = {"boot.bin": rnd.randbytes(300001), "even.bin":
             rnd.randbytes(512 * 8)}
    for name, data in files.items():
        with open(os.path.join(tdir, name), "wb") as f:
            f.write(data)
    with env.session(f"tftp={tdir},bootfile=boot.bin") as (q, g):
        lease = g.dhcp()
        check(lease.get("boot_file") == "boot.bin" and
              lease.get("siaddr") == "10.0.2.2", f"lease {lease}")
        for name, data in files.items():
            out = env.path("got-" + name)
            r = g.run(["busybox", "tftp", "-g", "-r", name, "-l", out,
                       "10.0.2.2"], check_rc=False, timeout=30)
            check(r.returncode == 0, f"tftp {name}: {r.err}")
            with open(out, "rb") as f:
                check(f.read() == data, f"tftp {name}: differs")
        for bad in ("missing.bin", "../www/f1.bin"):
            r = g.run(["busybox", "tftp", "-g", "-r", bad, "-l",
                       env.path("bad"), "10.0.2.2"], check_rc=False,
                      timeout=30)
            check(r.returncode != 0, f"tftp {bad} succeeded")


def check_smb(env):
    if not os.access("/usr/sbin/smbd", os.X_OK):
        return "/usr/sbin/smbd is missing (Debian package samba)"
    if not shutil.which("smbclient"):
        return "smbclient is missing (Debian package smbclient)"
    share = env.path("share")
    os.makedirs(share, exist_ok=True)
    data = random.Random(12).randbytes(200000)
    with open(os.path.join(share, "shared.bin"), "wb") as f:
        f.write(data)
    with env.session(f"smb={share}") as (q, g):
        g.dhcp()
        r = g.run(["smbclient", "-L", "//10.0.2.4", "-N"], check_rc=False,
                  timeout=60)
        check(re.search(r"^\s+qemu\s+Disk", r.out, re.M),
              f"smbclient -L: {r.out} {r.err}")
        out = env.path("smb-got.bin")
        r = g.run(["smbclient", "//10.0.2.4/qemu", "-N", "-c",
                   f"get shared.bin {out}"], check_rc=False, timeout=60)
        check(r.returncode == 0, f"smbclient get: {r.out} {r.err}")
        with open(out, "rb") as f:
            check(f.read() == data, "the file read over SMB differs")


def check_ping(env):
    ping = ["busybox", "ping", "-c", "3", "-i", "0.2", "-W", "2"]
    # A host address beyond the gateway (on the host namespace's loopback):
    # libslirp pings it from an unprivileged ICMP socket, which
    # net.ipv4.ping_group_range must allow, or else from a raw socket,
    # which needs CAP_NET_RAW.
    far = "198.51.100.1"
    sysctl = "/proc/sys/net/ipv4/ping_group_range"   # this namespace's own
    run(["ip", "addr", "add", f"{far}/32", "dev", "lo"])
    with open(sysctl) as f:
        saved = f.read().strip()
    try:
        with open(sysctl, "w") as f:
            f.write("1 0")                   # the kernel's default: nobody
        with env.session("") as (q, g):
            g.dhcp()
            # libslirp answers echo requests to its own addresses itself.
            r = g.run(ping + ["10.0.2.2"], check_rc=False, timeout=20)
            check(r.returncode == 0 and "3 packets received" in r.out,
                  f"ping 10.0.2.2: {r.out}")
            r = g.run(ping + [far], check_rc=False, timeout=20)
            check(r.returncode == 0, f"ping {far} as root (raw socket): "
                  f"{r.out}")
        if not shutil.which("setpriv"):
            print("  (no setpriv: qnet without CAP_NET_RAW not tried)",
                  flush=True)
            return None
        wrap = ["setpriv", "--bounding-set", "-net_raw", "--inh-caps",
                "-net_raw"]
        with env.session("", wrap=wrap) as (q, g):
            g.dhcp()
            r = g.run(ping + [far], check_rc=False, timeout=20)
            check(r.returncode != 0, "ping answered without CAP_NET_RAW "
                  "and with ping_group_range '1 0'")
            with open(sysctl, "w") as f:
                f.write("0 2147483647")
            r = g.run(ping + [far], check_rc=False, timeout=20)
            check(r.returncode == 0 and "3 packets received" in r.out,
                  f"ping {far} with ping_group_range open: {r.out}")
        print(f"  ping {far}: root qnet answers (raw socket); without "
              "CAP_NET_RAW only once ping_group_range allows its group",
              flush=True)
    finally:
        with open(sysctl, "w") as f:
            f.write(saved)
        run(["ip", "addr", "del", f"{far}/32", "dev", "lo"], check_rc=False)


def is_asan(exe):
    """True for an ASan build (it calls the runtime's __asan_init)."""
    with open(exe, "rb") as f:
        return b"__asan_init" in f.read()


def flood(env, exe, kind, secs, limit, inspect=None):
    """Floods @exe's user netdev from the guest; checks the monitor keeps
    answering and traffic flows afterwards, then calls @inspect(q) (with
    QMP) if given.  (frames, RSS growth KiB)."""
    with env.session("", qmp=inspect is not None, exe=exe) as (q, g):
        lease = g.dhcp()
        q.hmp("info network")
        rss0 = q.rss_kib()
        p = g.spawn(["python3", "-c", FLOOD, env.tap, str(secs), kind,
                     str(limit)])
        worst, answers = 0.0, 0
        deadline = time.monotonic() + secs + WAIT_S
        while p.poll() is None and time.monotonic() < deadline:
            t = time.monotonic()
            q.hmp("info usernet", timeout=5)
            worst = max(worst, time.monotonic() - t)
            answers += 1
            time.sleep(0.1)
        p.wait(timeout=WAIT_S)
        out = p.stdout.read().decode().split()
        check(p.returncode == 0 and len(out) == 2,
              "flood: " + p.stderr.read().decode())
        rss1 = q.rss_kib()
        check(q.alive(), "died during the flood: " + q.stderr())
        check(worst < 5, f"the monitor took {worst:.1f} s to answer")
        name = os.path.basename(exe)
        print(f"  {name}: {out[0]} {kind} frames ({out[1]} refused by the "
              f"kernel); monitor answered {answers} times, worst "
              f"{worst * 1000:.0f} ms; RSS {rss0} -> {rss1} KiB", flush=True)
        # The guest's own MAC keeps its lease, and traffic flows.
        lease2 = g.dhcp()
        check(lease2.get("ip") == lease.get("ip"), f"lease after: {lease2}")
        out_file = env.path("after-flood.bin")
        r = wget(g, f"http://10.0.2.2:{HTTP_PORT}/f65536.bin", out_file)
        check(r.returncode == 0 and sha256_file(out_file) ==
              env.files["f65536.bin"], f"wget after the flood: {r.err}")
        if inspect:
            inspect(q)
        return int(out[0]), rss1 - rss0


def rss_limit_kib(env):
    """The RSS growth a flood may cause (an ASan build has redzones and a
    quarantine of freed blocks, so it gets more)."""
    return (64 if is_asan(env.args.qnet) else 32) << 10


def check_flood_arp(env):
    frames, grew = flood(env, env.args.qnet, "arp", 3.0, 10 ** 6)
    check(grew < rss_limit_kib(env), f"RSS grew {grew} KiB under the flood")


def check_flood_dhcp(env):
    # libslirp 4.7 keeps a reply buffer (~1.6 KiB) for good per DISCOVER it
    # has no lease for (bootp.c, bootp_reply, "no address left"); QEMU 7.2
    # grows so.  Once the 16 leases are out (the guest's and 15 of the
    # flood's), qnet keeps those requests from libslirp and counts them
    # (net/slirp-dhcp-guard.c): memory stays flat.
    seen = {}

    def inspect(q):
        with QMPClient(q.qmp_path, timeout=WAIT_S) as c:
            c.negotiate()
            for cl in c.command("x-qnet-query-net")["clients"]:
                if cl["name"] == "u0":
                    seen["drops"] = cl["stats"].get("drop-dhcp-pool-full")
        seen["warnings"] = q.stderr().count("DHCP leases are taken")

    frames, grew = flood(env, env.args.qnet, "dhcp", 3.0, 40000, inspect)
    drops = seen.get("drops")
    print(f"  drop-dhcp-pool-full: {drops}", flush=True)
    check(grew < rss_limit_kib(env) and grew * 1024 < 512 * frames,
          f"RSS grew {grew} KiB over {frames} DISCOVERs "
          f"({grew * 1024 // max(frames, 1)} bytes each)")
    check(isinstance(drops, int) and 0 < drops <= frames - 15,
          f"drop-dhcp-pool-full is {drops} after {frames} DISCOVERs")
    check(seen["warnings"] == 1,
          f"{seen['warnings']} pool-full warnings on stderr, not 1")


CHECKS = [
    ("dhcp-default", check_dhcp_default),
    ("dhcp-custom", check_dhcp_custom),
    ("dhcp-vs-qemu", check_dhcp_vs_qemu),
    ("dns", check_dns),
    ("http-download", check_http_download),
    ("tcp-upload", check_tcp_upload),
    ("hostfwd-start", check_hostfwd_start),
    ("hostfwd-hmp", check_hostfwd_hmp),
    ("hostfwd-qmp", check_hostfwd_qmp),
    ("usernet-vs-qemu", check_usernet_vs_qemu),
    ("port-in-use", check_port_in_use),
    ("guestfwd", check_guestfwd),
    ("restrict", check_restrict),
    ("tftp", check_tftp),
    ("smb", check_smb),
    ("ping", check_ping),
    ("flood-arp", check_flood_arp),
    ("flood-dhcp", check_flood_dhcp),
]


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--qnet", default="build/qnet")
    p.add_argument("--qemu", help="QEMU binary (default: "
                   "qemu-system-x86_64 on PATH)")
    p.add_argument("--only", default="", help="run checks whose name "
                   "contains this")
    args = p.parse_args(argv)
    args.qnet = os.path.abspath(args.qnet)
    why = prerequisites()
    if why:
        print(f"SKIP: {why}")
        return SKIP
    if not shutil.which("python3"):
        print("SKIP: python3 is not on PATH (the guest-side programs)")
        return SKIP
    # meson test stops a test that runs too long with SIGTERM: leave through
    # the finally blocks, which remove the namespaces.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    env = Env(args)
    passed = failed = skipped = 0
    t_all = time.monotonic()
    try:
        env.setup()
        for name, fn in CHECKS:
            if args.only not in name:
                continue
            t = time.monotonic()
            try:
                why = fn(env)
            except (TestFailure, OSError, QMPError,
                    subprocess.TimeoutExpired) as e:
                failed += 1
                print(f"FAIL: {name}: {e}", flush=True)
                continue
            dt = time.monotonic() - t
            if why:
                skipped += 1
                print(f"SKIP: {name}: {why}", flush=True)
            else:
                passed += 1
                print(f"PASS: {name} ({dt:.1f} s)", flush=True)
    finally:
        env.teardown()
    leftovers = [ln for ln in run(["ip", "netns", "list"]).out.splitlines()
                 if f"{env.pid}" in ln and ln.startswith("qnu")]
    if leftovers:
        failed += 1
        print(f"FAIL: cleanup: namespaces left: {leftovers}")
    print(f"({time.monotonic() - t_all:.1f} s)")
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
