#!/usr/bin/env python3
"""qnet's socket, stream and dgram netdevs against real QEMU 7.2, both ways.

Every case builds the same shape on both sides:

    test <-TCP-> [qnet: socket listen "t"] -hub- [qnet: wire netdev "w"]
                                                        |  the wire under test
    test <-TCP-> [QEMU: socket listen "e"] -hub- [QEMU: wire netdev "w"]

QEMU runs with -M none -nodefaults and without -S: a stopped QEMU queues
frames instead of forwarding them through its hub.  The test writes
length-prefixed frames into one end and asserts they come out of the other
end byte for byte and in order, then the other way.  The "info network"
strings of the wire netdevs are checked on both sides.

Fault cases: the QEMU peer killed mid-stream (qnet re-accepts a new one),
garbage length prefixes (qnet closes, says QEMU's words, accepts again), a
slow reader (qnet holds: the writer blocks, memory stays bounded, nothing is
dropped), and a stream client with reconnect= following a QEMU restart.

Ports are picked free on 127.0.0.1 at run time; unix sockets live in a
temporary directory; every process runs in its own session and is killed at
the end.  Exit 77 (skip) when qemu-system-x86_64 is missing.

usage: test_socket_interop.py --qnet build/qnet [--qemu PATH] [--filter S] [-v]
"""

import argparse
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time

SKIP = 77
PROMPT = b"(qemu) "
ANSI = re.compile(rb"\x1b\[[0-9;]*[A-Za-z]")
MCAST_GROUP = "239.255.74.1"

VERBOSE = False


def log(msg):
    if VERBOSE:
        print(msg, flush=True)


class CaseSkip(Exception):
    """A prerequisite of one case is missing here."""


# ---------------------------------------------------------------- processes

class Monitored:
    """A qnet or QEMU process driven through its HMP monitor on stdio."""

    all = []

    def __init__(self, name, argv, pass_fds=()):
        self.name = name
        self.argv = argv
        log(f"start {name}: {' '.join(argv)}")
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE,
                                     start_new_session=True,
                                     pass_fds=pass_fds)
        self.out = bytearray()
        self.err = bytearray()
        self.sent = 0                   # commands sent
        self.cond = threading.Condition()
        for stream, buf in ((self.proc.stdout, self.out),
                            (self.proc.stderr, self.err)):
            threading.Thread(target=self._pump, args=(stream, buf),
                             daemon=True).start()
        Monitored.all.append(self)

    def _pump(self, stream, buf):
        while True:
            data = stream.read1(65536)
            with self.cond:
                if not data:
                    self.cond.notify_all()
                    return
                buf.extend(data)
                self.cond.notify_all()

    def hmp(self, command, timeout=5.0):
        """Sends @command; returns what the monitor printed for it."""
        deadline = time.monotonic() + timeout
        # Wait for the prompt our command answers, then for the next one.
        self._wait_prompts(self.sent + 1, deadline, command)
        self.proc.stdin.write(command.encode() + b"\n")
        self.proc.stdin.flush()
        self.sent += 1
        self._wait_prompts(self.sent + 1, deadline, command)
        with self.cond:
            text = bytes(self.out).split(PROMPT)[self.sent]
        text = ANSI.sub(b"", text).decode(errors="replace")
        return text.replace("\r", "")

    def _wait_prompts(self, count, deadline, command):
        with self.cond:
            while self.out.count(PROMPT) < count:
                left = deadline - time.monotonic()
                if left <= 0 or self.proc.poll() is not None:
                    raise AssertionError(f"{self.name}: no answer to "
                                         f"{command!r}; stderr: "
                                         f"{bytes(self.err).decode()}")
                self.cond.wait(min(left, 0.1))

    def info(self, netdev):
        """The info string of @netdev in `info network` (None if absent)."""
        for line in self.hmp("info network").split("\n"):
            m = re.search(r"(?:^|: )" + re.escape(netdev) +
                          r": index=\d+,type=\w+,(.*)$", line)
            if m:
                return m.group(1)
        return None

    def wait_info(self, netdev, pattern, timeout=8.0):
        """Polls until @netdev's info matches @pattern; returns the match."""
        deadline = time.monotonic() + timeout
        info = None
        while time.monotonic() < deadline:
            info = self.info(netdev)
            m = re.fullmatch(pattern, info or "")
            if m:
                return m
            time.sleep(0.05)
        raise AssertionError(f"{self.name}: info of {netdev} is {info!r}, "
                             f"expected /{pattern}/")

    def stderr(self):
        with self.cond:
            return bytes(self.err).decode(errors="replace")

    def rss_kib(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    def kill(self, sig=signal.SIGKILL):
        try:
            os.killpg(self.proc.pid, sig)
        except ProcessLookupError:
            pass
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            pass

    def stop(self):
        if self.proc.poll() is None:
            try:
                self.proc.stdin.write(b"quit\n")
                self.proc.stdin.flush()
                self.proc.wait(3)
            except (OSError, subprocess.TimeoutExpired):
                pass
        self.kill()

    @classmethod
    def stop_all(cls):
        for p in cls.all:
            p.stop()
        cls.all = []


def hub(netdevs):
    """-netdev hubport options joining @netdevs on hub 0."""
    args = []
    for i, n in enumerate(netdevs):
        args += ["-netdev", f"hubport,id=hp{i},hubid=0,netdev={n}"]
    return args


def start_qnet(opts, wire, endpoint_port, pass_fds=()):
    argv = [opts.qnet, "-nodefaults", "-display", "none", "-monitor", "stdio",
            "-netdev", f"socket,id=t,listen=127.0.0.1:{endpoint_port}",
            "-netdev", wire] + hub(["t", "w"])
    return Monitored("qnet", argv, pass_fds)


def start_qemu(opts, wire, endpoint_port, pass_fds=()):
    argv = [opts.qemu, "-M", "none", "-nodefaults", "-display", "none",
            "-monitor", "stdio",
            "-netdev", f"socket,id=e,listen=127.0.0.1:{endpoint_port}",
            "-netdev", wire] + hub(["e", "w"])
    return Monitored("qemu", argv, pass_fds)


# ---------------------------------------------------------------- endpoints

def free_port(kind=socket.SOCK_STREAM):
    with socket.socket(socket.AF_INET, kind) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def free_ports(n):
    ports = set()
    while len(ports) < n:
        p = free_port()
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            try:
                s.bind(("127.0.0.1", p))
            except OSError:
                continue
        ports.add(p)
    return sorted(ports)


class Endpoint:
    """A TCP client of a `socket,listen=` netdev, speaking its framing."""

    def __init__(self, port, timeout=8.0):
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.sock = socket.create_connection(("127.0.0.1", port), 1)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise AssertionError(f"cannot connect to {port}")
                time.sleep(0.05)
        self.buf = bytearray()

    def send(self, frames):
        self.sock.sendall(b"".join(struct.pack(">I", len(f)) + f
                                   for f in frames))

    def recv(self, count, timeout=8.0, ignore=()):
        """@count frames, skipping those in @ignore (e.g. our echoes)."""
        frames = []
        deadline = time.monotonic() + timeout
        while len(frames) < count:
            while len(self.buf) >= 4:
                n = struct.unpack(">I", self.buf[:4])[0]
                if len(self.buf) < 4 + n:
                    break
                f = bytes(self.buf[4:4 + n])
                del self.buf[:4 + n]
                if f not in ignore:
                    frames.append(f)
            if len(frames) >= count:
                break
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"got {len(frames)} of {count} frames")
            self.sock.settimeout(left)
            try:
                data = self.sock.recv(1 << 20)
            except socket.timeout:
                continue
            if not data:
                raise AssertionError(f"EOF after {len(frames)} of "
                                     f"{count} frames")
            self.buf.extend(data)
        return frames

    def quiet(self, wait=0.3):
        """True when nothing more arrives within @wait seconds."""
        self.sock.settimeout(wait)
        try:
            data = self.sock.recv(1 << 16)
        except socket.timeout:
            return True
        self.buf.extend(data)
        return False

    def close(self):
        self.sock.close()


def make_frames(tag, count, max_size):
    """Ethernet-looking frames with a unique tag and sequence number."""
    sizes = [60, 64, 1514, 42, 128, 9000, 65535, 1000]
    frames = []
    for i in range(count):
        size = min(sizes[i % len(sizes)] + (i % 7), max_size)
        head = b"\xff" * 6 + b"\x52\x54\x00\x12\x34" + bytes([tag]) + \
            b"\x88\xb5" + struct.pack(">BI", tag, i)
        body = bytes((tag + i + k) & 0xff for k in range(size - len(head)))
        frames.append(head + body)
    return frames


def exchange(a, b, tag, count, max_size, batch, echo_a=False, echo_b=False,
             ignore_b=()):
    """@count frames a->b then b->a, checked byte for byte and in order.

    echo_x: x's side echoes its own frames back (multicast loopback).
    ignore_b: frames b may see first (left over from an earlier burst).
    """
    out = make_frames(tag, count, max_size)
    for i in range(0, count, batch):
        a.send(out[i:i + batch])
        got = b.recv(len(out[i:i + batch]), ignore=ignore_b)
        assert got == out[i:i + batch], f"frames {i}.. differ a->b"
    back = make_frames(tag + 1, count, max_size)
    for i in range(0, count, batch):
        b.send(back[i:i + batch])
        got = a.recv(len(back[i:i + batch]), ignore=set(out) if echo_a
                     else ())
        assert got == back[i:i + batch], f"frames {i}.. differ b->a"
    if echo_b:
        # b hears its own frames back through its side's multicast loop.
        assert b.recv(count) == back, "b's own frames did not loop back"


# ---------------------------------------------------------------- cases

class Run:
    """What one case starts, stopped whatever happens."""

    def __init__(self, opts):
        self.opts = opts
        self.procs = []
        self.endpoints = []

    def qnet(self, wire, port, pass_fds=()):
        p = start_qnet(self.opts, wire, port, pass_fds)
        self.procs.append(p)
        return p

    def qemu(self, wire, port, pass_fds=()):
        p = start_qemu(self.opts, wire, port, pass_fds)
        self.procs.append(p)
        return p

    def endpoint(self, port):
        e = Endpoint(port)
        self.endpoints.append(e)
        return e

    def close(self):
        for e in self.endpoints:
            e.close()
        for p in self.procs:
            p.stop()


def wire_case(opts, qnet_wire, qemu_wire, qnet_first, checks, max_size=65535,
              batch=16, echo=False, qnet_fds=(), qemu_fds=()):
    """Runs the shape above; @checks(qn, qe) asserts info strings.

    @batch frames are in flight at a time: QEMU 7.2 aborts (iov_copy
    assertion) when a stream write toward qnet is partial behind a hub, so
    a batch must fit the socket buffers.
    """
    r = Run(opts)
    try:
        pt, pe = free_ports(2)
        if qnet_first:
            qn = r.qnet(qnet_wire, pt, qnet_fds)
            qn.hmp("info network")          # qnet is up and listening
            qe = r.qemu(qemu_wire, pe, qemu_fds)
        else:
            qe = r.qemu(qemu_wire, pe, qemu_fds)
            qe.hmp("info network")
            qn = r.qnet(qnet_wire, pt, qnet_fds)
        t = r.endpoint(pt)
        e = r.endpoint(pe)
        qn.wait_info("t", r"socket: connection from 127\.0\.0\.1:\d+")
        qe.wait_info("e", r"socket: connection from 127\.0\.0\.1:\d+")
        checks(qn, qe)
        exchange(t, e, 0x10, 200, max_size, batch, echo_a=echo, echo_b=echo)
        return r
    except BaseException:
        r.close()
        raise


def case_socket_tcp_qnet_listens(opts):
    (p,) = free_ports(1)

    def checks(qn, qe):
        qe.wait_info("w", rf"socket: connect to 127\.0\.0\.1:{p}")
        m = qn.wait_info("w", r"socket: connection from 127\.0\.0\.1:(\d+)")
        assert int(m.group(1)) != p
    wire_case(opts, f"socket,id=w,listen=127.0.0.1:{p}",
              f"socket,id=w,connect=127.0.0.1:{p}", True, checks).close()


def case_socket_tcp_qemu_listens(opts):
    (p,) = free_ports(1)

    def checks(qn, qe):
        qn.wait_info("w", rf"socket: connect to 127\.0\.0\.1:{p}")
        qe.wait_info("w", r"socket: connection from 127\.0\.0\.1:\d+")
    wire_case(opts, f"socket,id=w,connect=127.0.0.1:{p}",
              f"socket,id=w,listen=127.0.0.1:{p}", False, checks).close()


def case_socket_udp(opts):
    a, b = free_ports(2)

    def checks(qn, qe):
        qn.wait_info("w", rf"socket: udp=127\.0\.0\.1:{b}")
        qe.wait_info("w", rf"socket: udp=127\.0\.0\.1:{a}")
    wire_case(opts, f"socket,id=w,udp=127.0.0.1:{b},localaddr=127.0.0.1:{a}",
              f"socket,id=w,udp=127.0.0.1:{a},localaddr=127.0.0.1:{b}", True,
              checks, max_size=9000, batch=16).close()


def mcast_wire(port):
    return f"socket,id=w,mcast={MCAST_GROUP}:{port},localaddr=127.0.0.1"


def check_mcast_works(opts, port):
    """Multicast on loopback needs a kernel that allows joining on lo."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP,
                     socket.inet_aton(MCAST_GROUP) +
                     socket.inet_aton("127.0.0.1"))
    except OSError as e:
        raise CaseSkip(f"cannot join {MCAST_GROUP} on 127.0.0.1: {e}")
    finally:
        s.close()


def case_socket_mcast(opts):
    (p,) = free_ports(1)
    check_mcast_works(opts, p)

    def checks(qn, qe):
        qn.wait_info("w", rf"socket: mcast={re.escape(MCAST_GROUP)}:{p}")
        qe.wait_info("w", rf"socket: mcast={re.escape(MCAST_GROUP)}:{p}")
    # Both ends hear their own datagrams back (IP_MULTICAST_LOOP), as QEMU.
    wire_case(opts, mcast_wire(p), mcast_wire(p), True, checks,
              max_size=9000, batch=16, echo=True).close()


def case_dgram_mcast(opts):
    (p,) = free_ports(1)
    check_mcast_works(opts, p)

    def checks(qn, qe):
        qn.wait_info("w", rf"mcast={re.escape(MCAST_GROUP)}:{p}")
    wire_case(opts,
              f"dgram,id=w,remote.type=inet,remote.host={MCAST_GROUP},"
              f"remote.port={p},local.type=inet,local.host=127.0.0.1,"
              f"local.port=0",
              mcast_wire(p), True, checks, max_size=9000, batch=16,
              echo=True).close()


def stream_inet(port, server):
    return (f"stream,id=w,server={'on' if server else 'off'},addr.type=inet,"
            f"addr.host=127.0.0.1,addr.port={port}")


def case_stream_tcp_qnet_server(opts):
    (p,) = free_ports(1)

    def checks(qn, qe):
        qe.wait_info("w", rf"tcp:127\.0\.0\.1:{p}")
        m = qn.wait_info("w", r"tcp:127\.0\.0\.1:(\d+)")
        assert int(m.group(1)) != p
    wire_case(opts, stream_inet(p, True), stream_inet(p, False), True,
              checks).close()


def case_stream_tcp_qemu_server(opts):
    (p,) = free_ports(1)

    def checks(qn, qe):
        qn.wait_info("w", rf"tcp:127\.0\.0\.1:{p}")
        qe.wait_info("w", r"tcp:127\.0\.0\.1:\d+")
    wire_case(opts, stream_inet(p, False), stream_inet(p, True), False,
              checks).close()


def stream_unix(path, server):
    return (f"stream,id=w,server={'on' if server else 'off'},addr.type=unix,"
            f"addr.path={path}")


def case_stream_unix_qnet_server(opts):
    path = os.path.join(opts.tmp, "qnet-server.sock")

    def checks(qn, qe):
        qn.wait_info("w", re.escape(f"unix:{path}"))
        qe.wait_info("w", re.escape(f"unix:{path}"))
    # Two frames at a time: more could overflow QEMU's unix socket buffer,
    # and QEMU 7.2 aborts on a partial stream write behind a hub.
    wire_case(opts, stream_unix(path, True), stream_unix(path, False), True,
              checks, batch=2).close()
    assert not os.path.exists(path), "qnet left its socket file behind"


def case_stream_unix_qemu_server(opts):
    path = os.path.join(opts.tmp, "qemu-server.sock")

    def checks(qn, qe):
        qn.wait_info("w", re.escape(f"unix:{path}"))
        qe.wait_info("w", re.escape(f"unix:{path}"))
    wire_case(opts, stream_unix(path, False), stream_unix(path, True), False,
              checks, batch=2).close()


def case_dgram_inet(opts):
    a, b = free_ports(2)

    def dgram(local, remote):
        return (f"dgram,id=w,local.type=inet,local.host=127.0.0.1,"
                f"local.port={local},remote.type=inet,remote.host=127.0.0.1,"
                f"remote.port={remote}")

    def checks(qn, qe):
        qn.wait_info("w", rf"udp=127\.0\.0\.1:{a}/127\.0\.0\.1:{b}")
        qe.wait_info("w", rf"udp=127\.0\.0\.1:{b}/127\.0\.0\.1:{a}")
    wire_case(opts, dgram(a, b), dgram(b, a), True, checks, max_size=9000,
              batch=16).close()


def case_dgram_unix(opts):
    a = os.path.join(opts.tmp, "dq.sock")
    b = os.path.join(opts.tmp, "de.sock")

    def dgram(local, remote):
        return (f"dgram,id=w,local.type=unix,local.path={local},"
                f"remote.type=unix,remote.path={remote}")

    def checks(qn, qe):
        qn.wait_info("w", re.escape(f"udp={a}:{b}"))
        qe.wait_info("w", re.escape(f"udp={b}:{a}"))
    wire_case(opts, dgram(a, b), dgram(b, a), True, checks, max_size=65535,
              batch=8).close()


def socketpair_case(opts, kind, qnet_wire, qemu_wire, qnet_info, qemu_info,
                    batch):
    """The wire is a socketpair: qnet gets one end, QEMU the other (fd=)."""
    a, b = socket.socketpair(socket.AF_UNIX, kind)
    try:
        def checks(qn, qe):
            qn.wait_info("w", qnet_info.replace("FD", str(a.fileno())))
            qe.wait_info("w", qemu_info.replace("FD", str(b.fileno())))
        r = wire_case(opts, qnet_wire.replace("FD", str(a.fileno())),
                      qemu_wire.replace("FD", str(b.fileno())), True, checks,
                      batch=batch, qnet_fds=[a.fileno()],
                      qemu_fds=[b.fileno()])
        r.close()
    finally:
        a.close()
        b.close()


def case_stream_fd_socketpair(opts):
    w = "stream,id=w,addr.type=fd,addr.str=FD"
    socketpair_case(opts, socket.SOCK_STREAM, w, w, "unix:", "unix:", 2)


def case_socket_fd_socketpair(opts):
    w = "socket,id=w,fd=FD"
    socketpair_case(opts, socket.SOCK_STREAM, w, w, r"socket: fd=FD",
                    r"socket: fd=FD", 2)


def case_dgram_fd_socketpair(opts):
    w = "dgram,id=w,local.type=fd,local.str=FD"
    # The unix datagram queue is short: a few frames at a time.
    socketpair_case(opts, socket.SOCK_DGRAM, w, w, "fd=FD unix",
                    "fd=FD unix", 4)


# ---------------------------------------------------------------- faults

def case_fault_peer_killed(opts):
    """QEMU dies mid-stream: qnet drops the half frame, accepts a new one."""
    r = Run(opts)
    try:
        pt, pe, pw, pe2 = free_ports(4)
        qn = r.qnet(stream_inet(pw, True), pt)
        qn.hmp("info network")
        qe = r.qemu(stream_inet(pw, False), pe)
        t = r.endpoint(pt)
        e = r.endpoint(pe)
        qn.wait_info("w", r"tcp:127\.0\.0\.1:\d+")
        qe.wait_info("e", r"socket: connection from .*")
        exchange(t, e, 0x20, 50, 65535, 25)
        # A large burst toward QEMU, and QEMU killed while it flows.
        burst = make_frames(0x30, 300, 65535)
        data = b"".join(struct.pack(">I", len(f)) + f for f in burst)
        t.sock.settimeout(None)
        writer = threading.Thread(target=t.sock.sendall, args=(data,),
                                  daemon=True)
        writer.start()
        time.sleep(0.1)
        qe.kill()
        qn.wait_info("w", "")
        writer.join(10)
        assert not writer.is_alive(), "qnet stopped reading after the kill"
        assert qn.proc.poll() is None, "qnet died with its peer"
        # A new QEMU connects to the same listener and traffic flows again.
        qe2 = r.qemu(stream_inet(pw, False), pe2)
        e2 = r.endpoint(pe2)
        qn.wait_info("w", r"tcp:127\.0\.0\.1:\d+")
        qe2.wait_info("e", r"socket: connection from .*")
        exchange(t, e2, 0x40, 50, 65535, 25, ignore_b=set(burst))
    finally:
        r.close()


def case_fault_garbage_length(opts):
    """A length above NET_BUFSIZE closes the connection with QEMU's words."""
    r = Run(opts)
    try:
        pt, pw = free_ports(2)
        qn = r.qnet(f"socket,id=w,listen=127.0.0.1:{pw}", pt)
        t = r.endpoint(pt)
        bad = r.endpoint(pw)
        qn.wait_info("w", r"socket: connection from .*")
        good = make_frames(0x50, 3, 1514)
        bad.send(good)
        assert t.recv(3) == good
        bad.sock.sendall(b"\xff\xff\xff\xf0" + b"junk" * 100)
        bad.sock.settimeout(5)
        assert bad.sock.recv(100) == b"", "qnet kept the connection"
        qn.wait_info("w", "")
        deadline = time.monotonic() + 5
        want = ("serious error: oversized packet received,"
                "connection terminated.")
        while want not in qn.stderr() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert want in qn.stderr(), qn.stderr()
        assert t.quiet(), "junk came out"
        # It listens again: a new client works.
        again = r.endpoint(pw)
        qn.wait_info("w", r"socket: connection from .*")
        again.send(good)
        assert t.recv(3) == good
        # A second listener on the same port is refused as QEMU refuses it.
        extra = subprocess.run(
            [opts.qnet, "-nodefaults", "-netdev",
             f"socket,id=x,listen=127.0.0.1:{pw}"],
            capture_output=True, timeout=10, stdin=subprocess.DEVNULL)
        assert extra.returncode == 1
        assert (f"socket,id=x,listen=127.0.0.1:{pw}: can't bind "
                f"ip=127.0.0.1 to socket: Address already in use") in \
            extra.stderr.decode(), extra.stderr
    finally:
        r.close()


def case_fault_slow_reader(opts):
    """Nobody reads the far end: qnet holds, bounded, and loses nothing."""
    r = Run(opts)
    try:
        pt, pw = free_ports(2)
        qn = r.qnet(f"socket,id=w,listen=127.0.0.1:{pw}", pt)
        t = r.endpoint(pt)
        far = r.endpoint(pw)
        qn.wait_info("w", r"socket: connection from .*")
        rss0 = qn.rss_kib()
        frames = make_frames(0x60, 6000, 65535)
        data = b"".join(struct.pack(">I", len(f)) + f for f in frames)
        t.sock.setblocking(False)
        sent = 0
        stuck_since = None
        while sent < len(data):
            try:
                sent += t.sock.send(data[sent:sent + 65536])
                stuck_since = None
            except BlockingIOError:
                stuck_since = stuck_since or time.monotonic()
                if time.monotonic() - stuck_since > 1.0:
                    break
                time.sleep(0.01)
        assert sent < len(data), "the writer never blocked"
        growth = qn.rss_kib() - rss0
        log(f"slow reader: writer blocked after {sent} bytes, "
            f"qnet grew {growth} KiB")
        assert growth < 16 * 1024, f"qnet grew by {growth} KiB"
        # Now read: everything written arrives, in order, nothing lost.
        t.sock.setblocking(True)
        writer = threading.Thread(target=t.sock.sendall,
                                  args=(data[sent:],), daemon=True)
        writer.start()
        got = far.recv(len(frames), timeout=30)
        writer.join(10)
        assert got == frames, "frames lost or reordered"
    finally:
        r.close()


def case_stream_reconnect(opts):
    """reconnect=1 (QEMU 8.0's option): qnet follows a QEMU restart."""
    r = Run(opts)
    try:
        pt, pe, pw, pe2 = free_ports(4)
        qe = r.qemu(stream_inet(pw, True), pe)
        qe.hmp("info network")
        qn = r.qnet(stream_inet(pw, False) + ",reconnect=1", pt)
        t = r.endpoint(pt)
        e = r.endpoint(pe)
        qn.wait_info("w", rf"tcp:127\.0\.0\.1:{pw}")
        qe.wait_info("e", r"socket: connection from .*")
        exchange(t, e, 0x70, 20, 1514, 10)
        qe.kill()
        qn.wait_info("w", r"|connection error")
        qe2 = r.qemu(stream_inet(pw, True), pe2)
        e2 = r.endpoint(pe2)
        qn.wait_info("w", rf"tcp:127\.0\.0\.1:{pw}", timeout=10)
        qe2.wait_info("e", r"socket: connection from .*")
        exchange(t, e2, 0x72, 20, 1514, 10)
    finally:
        r.close()


def case_several_vms(opts):
    """One qnet serving three QEMUs: one `-net socket,listen=` each, hub 0."""
    r = Run(opts)
    try:
        ports = free_ports(6)
        vm_ports, ends = ports[:3], ports[3:]
        argv = [opts.qnet, "-nodefaults", "-display", "none", "-monitor",
                "stdio"]
        for p in vm_ports:
            argv += ["-net", f"socket,listen=127.0.0.1:{p}"]
        qn = Monitored("qnet", argv)
        r.procs.append(qn)
        qn.hmp("info network")
        vms = [r.qemu(f"socket,id=w,connect=127.0.0.1:{p}", e)
               for p, e in zip(vm_ports, ends)]
        eps = [r.endpoint(e) for e in ends]
        for vm in vms:
            vm.wait_info("e", r"socket: connection from .*")
            vm.wait_info("w", r"socket: connect to .*")
        text = qn.hmp("info network")
        assert len(re.findall(r"type=socket,socket: connection from "
                              r"127\.0\.0\.1:\d+", text)) == 3, text
        # Each VM's frames reach the two others (a hub floods), in order.
        for i, src in enumerate(eps):
            frames = make_frames(0x80 + i, 30, 9000)
            src.send(frames)
            for j, dst in enumerate(eps):
                if j != i:
                    assert dst.recv(30) == frames, f"vm{i} -> vm{j}"
        for ep in eps:
            assert ep.quiet(), "a frame came back to its sender"
    finally:
        r.close()


CASES = [
    ("socket-tcp-qnet-listens", case_socket_tcp_qnet_listens),
    ("socket-tcp-qemu-listens", case_socket_tcp_qemu_listens),
    ("socket-udp", case_socket_udp),
    ("socket-mcast", case_socket_mcast),
    ("stream-tcp-qnet-server", case_stream_tcp_qnet_server),
    ("stream-tcp-qemu-server", case_stream_tcp_qemu_server),
    ("stream-unix-qnet-server", case_stream_unix_qnet_server),
    ("stream-unix-qemu-server", case_stream_unix_qemu_server),
    ("dgram-inet", case_dgram_inet),
    ("dgram-unix", case_dgram_unix),
    ("dgram-mcast", case_dgram_mcast),
    ("stream-fd-socketpair", case_stream_fd_socketpair),
    ("socket-fd-socketpair", case_socket_fd_socketpair),
    ("dgram-fd-socketpair", case_dgram_fd_socketpair),
    ("fault-peer-killed", case_fault_peer_killed),
    ("fault-garbage-length", case_fault_garbage_length),
    ("fault-slow-reader", case_fault_slow_reader),
    ("stream-reconnect", case_stream_reconnect),
    ("several-vms", case_several_vms),
]


def main():
    global VERBOSE
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--qnet", required=True)
    ap.add_argument("--qemu", default="qemu-system-x86_64")
    ap.add_argument("--filter", default="")
    ap.add_argument("-v", "--verbose", action="store_true")
    opts = ap.parse_args()
    VERBOSE = opts.verbose

    if not shutil.which(opts.qemu):
        print(f"SKIP: {opts.qemu} not found (Debian package qemu-system-x86)")
        return SKIP
    if not os.access(opts.qnet, os.X_OK):
        print(f"qnet binary not found: {opts.qnet}")
        return 1

    failed = passed = skipped = 0
    with tempfile.TemporaryDirectory(prefix="qnet-interop-") as tmp:
        opts.tmp = tmp
        for name, fn in CASES:
            if opts.filter not in name:
                continue
            try:
                fn(opts)
                print(f"PASS {name}", flush=True)
                passed += 1
            except CaseSkip as e:
                print(f"SKIP {name}: {e}", flush=True)
                skipped += 1
            except Exception as e:      # report every case, then fail
                print(f"FAIL {name}: {type(e).__name__}: {e}", flush=True)
                for p in Monitored.all:
                    err = p.stderr().strip()
                    if err:
                        print(f"  {p.name} stderr: {err}")
                failed += 1
            finally:
                Monitored.stop_all()
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    if failed:
        return 1
    return 0 if passed else SKIP


if __name__ == "__main__":
    sys.exit(main())
