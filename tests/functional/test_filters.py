#!/usr/bin/env python3
"""Filters on a live data path, read back with tshark, side by side with QEMU.

The topology needs no guest: a dgram netdev on 127.0.0.1 (this script is
its far end) and a user netdev joined by hub 0.  The script sends ARP
requests for 10.0.2.2 into the dgram socket; the user stack (libslirp)
answers each with an ARP reply.  Filters sit on the user netdev u0, so the
request is u0's RX direction and the reply its TX direction.

  dump        filter-dump: tshark decodes the capture while qnet runs and
              after SIGTERM; queue=rx/tx select a direction; maxlen cuts;
              the file header is QEMU's byte for byte and tshark reads the
              same frames from QEMU's capture of the same traffic
  status      qom-set status off stops the capture, on resumes it
  runtime     object_add / object_del of a dump while traffic flows
  buffer      filter-buffer holds the reply; status=off releases it
  mirror      filter-mirror / filter-redirector on socket chardevs: the
              framing (4-byte big-endian length [+ vnet header length])
              is QEMU's, compared byte for byte; frames written into a
              redirector's indev reach the user stack (skipped while qnet
              has no -chardev)

Usage: test_filters.py QNET [QEMU].  Exit 77 (skipped) without tshark; the
QEMU comparisons are skipped, with a message, without QEMU.
"""

import os
import select
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time

from testlib import SKIP, WAIT_S, check, free_port, summary, wait_until

PROMPT = b"(qemu) "
GUEST_MAC = bytes.fromhex("525400123456")
SLIRP_MAC = bytes.fromhex("52550a000202")


def arp_request(target="10.0.2.2", sender="10.0.2.15"):
    """An ARP who-has from the guest MAC (RFC 826), 42 bytes."""
    body = struct.pack("!HHBBH6s4s6s4s", 1, 0x0800, 6, 4, 1, GUEST_MAC,
                       socket.inet_aton(sender), b"\0" * 6,
                       socket.inet_aton(target))
    return b"\xff" * 6 + GUEST_MAC + b"\x08\x06" + body


class Peer:
    """The far end of the dgram netdev: a UDP socket on 127.0.0.1."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.netdev_port = free_port(socket.SOCK_DGRAM)

    def netdev_arg(self):
        return ("dgram,id=d0,local.type=inet,local.host=127.0.0.1,"
                f"local.port={self.netdev_port},remote.type=inet,"
                f"remote.host=127.0.0.1,remote.port={self.port}")

    def send(self, frame):
        self.sock.sendto(frame, ("127.0.0.1", self.netdev_port))

    def recv_all(self, count, timeout=WAIT_S):
        """Frames received until @count arrived or @timeout passed."""
        frames = []
        deadline = time.monotonic() + timeout
        while len(frames) < count:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.sock], [], [], left)[0]:
                break
            frames.append(self.sock.recv(65536))
        return frames

    def close(self):
        self.sock.close()


class Program:
    """qnet or QEMU running the test topology, with its monitor on a pipe."""

    def __init__(self, binary, peer, extra, tmp, name):
        args = [binary, "-M", "none", "-nodefaults", "-display", "none",
                "-monitor", "stdio", "-netdev", peer.netdev_arg(),
                "-netdev", "user,id=u0",
                "-netdev", "hubport,id=h0,hubid=0,netdev=d0",
                "-netdev", "hubport,id=h1,hubid=0,netdev=u0"] + extra
        self.err_path = os.path.join(tmp, name + ".stderr")
        self.err = open(self.err_path, "wb")
        self.proc = subprocess.Popen(args, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=self.err,
                                     start_new_session=True)
        self.out = b""
        self.prompts = 0
        self.wait_prompts(1)

    def wait_prompts(self, n):
        """Reads the monitor until it has printed @n prompts in all."""
        deadline = time.monotonic() + WAIT_S
        while self.out.count(PROMPT) < n:
            left = deadline - time.monotonic()
            if (left <= 0 or self.proc.poll() is not None or
                    not select.select([self.proc.stdout], [], [], left)[0]):
                raise RuntimeError(f"no monitor prompt; stderr: "
                                   f"{self.stderr()}")
            chunk = os.read(self.proc.stdout.fileno(), 65536)
            if not chunk:
                raise RuntimeError("monitor closed")
            self.out += chunk
        self.prompts = n

    def command(self, line):
        """Runs an HMP command; returns what it printed after its line."""
        start = len(self.out)
        self.proc.stdin.write(line.encode() + b"\n")
        self.proc.stdin.flush()
        self.wait_prompts(self.prompts + 1)
        text = self.out[start:].decode(errors="replace")
        text = text.rsplit(PROMPT.decode(), 1)[0]
        return text.split("\n", 1)[1] if "\n" in text else ""

    def stderr(self):
        with open(self.err_path, "rb") as f:
            return f.read().decode(errors="replace")

    def terminate(self):
        """SIGTERM, as a user's kill would; returns the exit status."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=WAIT_S)
        finally:
            self.close()

    def close(self):
        if self.err.closed:
            return
        if self.proc.poll() is None:
            # A clean exit, so that sanitizer builds report leaks.
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=WAIT_S)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=WAIT_S)
        self.proc.stdin.close()
        self.proc.stdout.close()
        self.err.close()
        err = self.stderr()
        if "Sanitizer" in err or "runtime error:" in err:
            check(f"{os.path.basename(self.err_path)}: no sanitizer report",
                  False, err)


def tshark_fields(path, fields):
    """tshark's field values per frame of @path (list of tuples)."""
    argv = ["tshark", "-r", path, "-T", "fields"]
    for f in fields:
        argv += ["-e", f]
    proc = subprocess.run(argv, capture_output=True, timeout=WAIT_S)
    if proc.returncode != 0:
        return None
    lines = proc.stdout.decode().splitlines()
    return [tuple(line.split("\t")) for line in lines if line]


FIELDS = ["frame.len", "frame.cap_len", "eth.src", "eth.dst", "arp.opcode",
          "arp.src.proto_ipv4", "arp.dst.proto_ipv4"]
REQUEST = ("42", "42", "52:54:00:12:34:56", "ff:ff:ff:ff:ff:ff", "1",
           "10.0.2.15", "10.0.2.2")


def is_reply(row):
    return row[4] == "2" and row[5] == "10.0.2.2" and row[6] == "10.0.2.15"


def capture(binary, tmp, name, dump_opts, frames=1, replies=1):
    """Runs the topology with a dump on u0, exchanges ARP, returns rows."""
    path = os.path.join(tmp, name + ".pcap")
    peer = Peer()
    prog = Program(binary, peer, ["-object", "filter-dump,id=fd,netdev=u0,"
                                  f"file={path}{dump_opts}"], tmp, name)
    try:
        got = []
        # In rounds, so the kernel's socket buffers never overflow.
        for start in range(0, frames, 50):
            n = min(50, frames - start)
            for _ in range(n):
                peer.send(arp_request())
            got += peer.recv_all(min(n, replies - len(got)))
        status = prog.terminate()
    finally:
        prog.close()
        peer.close()
    rows = tshark_fields(path, FIELDS)
    with open(path, "rb") as f:
        header = f.read(24)
    return got, status, rows, header, prog.stderr()


# ---------------------------------------------------------------- tests

def test_dump(qnet, qemu, tmp):
    got, status, rows, header, err = capture(qnet, tmp, "all", "")
    check("dump: the user stack answered", len(got) == 1 and
          got[0][:6] == GUEST_MAC and got[0][6:12] == SLIRP_MAC, got)
    check("dump: SIGTERM exits 0 with QEMU's message", status == 0 and
          "terminating on signal 15" in err, f"{status}: {err}")
    check("dump: tshark reads request and reply",
          rows is not None and len(rows) == 2 and rows[0] == REQUEST and
          is_reply(rows[1]), rows)
    check("dump: header is pcap 2.4, snaplen 65536, Ethernet, host order",
          header[:4] == struct.pack("=I", 0xa1b2c3d4) and
          struct.unpack("=HHiIII", header[4:]) == (2, 4, 0, 0, 65536, 1),
          header.hex())

    _, _, rows, header, _ = capture(qnet, tmp, "maxlen", ",maxlen=20")
    check("dump: maxlen=20 cuts records, keeps lengths",
          rows is not None and len(rows) == 2 and
          rows[0][:2] == ("42", "20") and rows[1][1] == "20" and
          int(rows[1][0]) >= 42, rows)
    check("dump: snaplen is maxlen",
          struct.unpack("=I", header[16:20])[0] == 20, header.hex())

    _, _, rows, _, _ = capture(qnet, tmp, "rx", ",queue=rx")
    check("dump: queue=rx keeps what u0 receives (the request)",
          rows == [REQUEST], rows)
    _, _, rows, _, _ = capture(qnet, tmp, "tx", ",queue=tx")
    check("dump: queue=tx keeps what u0 sends (the reply)",
          rows is not None and len(rows) == 1 and is_reply(rows[0]), rows)

    got, _, rows, _, _ = capture(qnet, tmp, "burst", "", frames=300,
                                 replies=300)
    check("dump: 300 exchanges, 600 records after SIGTERM",
          len(got) == 300 and rows is not None and len(rows) == 600,
          f"{len(got)} replies, {len(rows or [])} records")

    if not qemu:
        print("SKIP dump vs QEMU: no QEMU binary", flush=True)
        return
    for opts in ["", ",maxlen=20", ",queue=rx", ",queue=tx"]:
        tag = opts.replace(",", "-").replace("=", "")
        mine = capture(qnet, tmp, "qnet" + tag, opts)
        theirs = capture(qemu, tmp, "qemu" + tag, opts)
        check(f"dump vs QEMU{opts}: same records",
              mine[2] == theirs[2], f"qnet {mine[2]}\nqemu {theirs[2]}")
        check(f"dump vs QEMU{opts}: same file header", mine[3] == theirs[3],
              f"qnet {mine[3].hex()}\nqemu {theirs[3].hex()}")


def test_live_and_status(qnet, tmp):
    path = os.path.join(tmp, "live.pcap")
    peer = Peer()
    prog = Program(qnet, peer, ["-object", "filter-dump,id=fd,netdev=u0,"
                                f"file={path}"], tmp, "live")
    try:
        peer.send(arp_request())
        peer.recv_all(1)
        rows = wait_until(lambda: (lambda r: r if r and len(r) == 2
                                   else None)(tshark_fields(path, FIELDS)))
        check("live: tshark reads the capture while qnet runs",
              rows is not None and len(rows) == 2, rows)

        out = prog.command("qom-set fd status off")
        peer.send(arp_request())
        answered = peer.recv_all(1)
        time.sleep(0.2)
        rows = tshark_fields(path, FIELDS)
        check("status: off stops the capture, traffic still flows",
              out.strip() == "" and len(answered) == 1 and
              rows is not None and len(rows) == 2, f"{out!r} {rows}")

        prog.command("qom-set fd status on")
        peer.send(arp_request())
        peer.recv_all(1)
        rows = wait_until(lambda: (lambda r: r if r and len(r) == 4
                                   else None)(tshark_fields(path, FIELDS)))
        check("status: on resumes it", rows is not None and len(rows) == 4,
              rows)

        out = prog.command("object_del fd")
        path2 = os.path.join(tmp, "live2.pcap")
        out2 = prog.command(f"object_add filter-dump,id=fd,netdev=u0,"
                            f"file={path2},queue=tx")
        peer.send(arp_request())
        peer.recv_all(1)
        rows2 = wait_until(lambda: (lambda r: r if r and len(r) == 1
                                    else None)(tshark_fields(path2, FIELDS)))
        check("runtime: object_del then object_add a dump",
              out.strip() == "" and out2.strip() == "" and
              rows2 is not None and is_reply(rows2[0]) and
              len(tshark_fields(path, FIELDS) or []) == 4,
              f"{out!r} {out2!r} {rows2}")
        info = prog.command("info network")
        check("runtime: info network lists the new filter",
              f"  - fd: type=filter-dump,file={path2},maxlen=65536,"
              "position=tail,status=on,insert=behind,netdev=u0,queue=tx"
              in info, info)
    finally:
        prog.close()
        peer.close()


def test_buffer(qnet, qemu, tmp):
    for name, binary in [("qnet", qnet), ("qemu", qemu)]:
        if not binary:
            print("SKIP buffer vs QEMU: no QEMU binary", flush=True)
            continue
        peer = Peer()
        prog = Program(binary, peer, [
            "-object", "filter-buffer,id=fb,netdev=u0,interval=30000000,"
            "queue=tx"], tmp, "buffer-" + name)
        try:
            peer.send(arp_request())
            early = peer.recv_all(1, timeout=0.5)
            prog.command("qom-set fb status off")
            late = peer.recv_all(1)
            check(f"buffer ({name}): holds the reply until status=off",
                  not early and len(late) == 1 and
                  late[0][6:12] == SLIRP_MAC, f"{early} {late}")
            prog.command("qom-set fb status on")
            for _ in range(3):
                peer.send(arp_request())
            held = peer.recv_all(3, timeout=0.5)
            prog.command("object_del fb")
            freed = peer.recv_all(3)
            check(f"buffer ({name}): object_del releases what it held",
                  not held and len(freed) == 3, f"{held} {freed}")
        finally:
            prog.close()
            peer.close()


def qnet_has_chardev(qnet):
    """True when the qnet program takes -chardev."""
    proc = subprocess.run([qnet, "-nodefaults", "-chardev", "null,id=c",
                           "-version"], capture_output=True, timeout=WAIT_S)
    return b"invalid option" not in proc.stderr


def read_exact(sock, n, timeout=WAIT_S):
    data = b""
    deadline = time.monotonic() + timeout
    while len(data) < n:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([sock], [], [], left)[0]:
            break
        chunk = sock.recv(n - len(data))
        if not chunk:
            break
        data += chunk
    return data


def chardev_run(binary, tmp, name, obj):
    """u0 with @obj using chardev c0 (a TCP server we connect to).

    Returns (bytes read from c0, ARP replies the peer got).
    """
    port = free_port(socket.SOCK_STREAM)
    peer = Peer()
    prog = Program(binary, peer, [
        "-chardev", f"socket,id=c0,host=127.0.0.1,port={port},server=on,"
        "wait=off", "-object", obj], tmp, name)
    conn = None
    try:
        conn = socket.create_connection(("127.0.0.1", port), timeout=WAIT_S)
        time.sleep(0.2)     # QEMU accepts from its main loop
        peer.send(arp_request())
        replies = peer.recv_all(1, timeout=1)
        data = read_exact(conn, 4 + 42, timeout=2)
        if len(data) >= 4 + 42:
            rest = read_exact(conn, 4 + 64 + 8, timeout=1)
            data += rest
        return data, replies
    finally:
        if conn:
            conn.close()
        prog.close()
        peer.close()


def test_mirror(qnet, qemu, tmp):
    if not qnet_has_chardev(qnet):
        print("SKIP mirror/redirector: the qnet program has no -chardev "
              "yet", flush=True)
        return
    cases = [
        ("mirror", "filter-mirror,id=m0,netdev=u0,outdev=c0"),
        ("mirror-vnet", "filter-mirror,id=m0,netdev=u0,outdev=c0,"
                        "vnet_hdr_support=on"),
        ("redirector-rx", "filter-redirector,id=r0,netdev=u0,outdev=c0,"
                          "queue=rx"),
    ]
    for name, obj in cases:
        data, replies = chardev_run(qnet, tmp, "qnet-" + name, obj)
        req = arp_request()
        if name == "mirror":
            ok = (data[:4] == struct.pack("!I", 42) and data[4:46] == req
                  and len(replies) == 1)
        elif name == "mirror-vnet":
            ok = (data[:8] == struct.pack("!II", 42, 0) and
                  data[8:50] == req and len(replies) == 1)
        else:
            # The request is taken by the redirector: no reply comes.
            ok = data == struct.pack("!I", 42) + req and not replies
        check(f"{name}: QEMU's framing on the chardev", ok,
              f"{data.hex()} replies={len(replies)}")
        if qemu:
            theirs, their_replies = chardev_run(qemu, tmp, "qemu-" + name,
                                                obj)
            check(f"{name} vs QEMU: same bytes, same replies",
                  theirs == data and len(their_replies) == len(replies),
                  f"qnet {data.hex()}\nqemu {theirs.hex()}")


def redirector_in_run(binary, tmp, name):
    """Frames written into a redirector's indev reach the user stack.

    Returns the ARP replies the dgram peer got for two requests sent
    through the chardev only.
    """
    port = free_port(socket.SOCK_STREAM)
    peer = Peer()
    prog = Program(binary, peer, [
        "-chardev", f"socket,id=c0,host=127.0.0.1,port={port},server=on,"
        "wait=off", "-object",
        "filter-redirector,id=r0,netdev=u0,indev=c0,queue=rx"], tmp, name)
    conn = None
    try:
        conn = socket.create_connection(("127.0.0.1", port), timeout=WAIT_S)
        req = arp_request()
        framed = struct.pack("!I", len(req)) + req
        # One frame split across writes, then one whole.
        conn.sendall(framed[:3])
        time.sleep(0.1)
        conn.sendall(framed[3:] + framed)
        return peer.recv_all(2)
    finally:
        if conn:
            conn.close()
        prog.close()
        peer.close()


def test_redirector_in(qnet, qemu, tmp):
    if not qnet_has_chardev(qnet):
        return
    mine = redirector_in_run(qnet, tmp, "qnet-redir-in")
    check("redirector-in: frames from indev reach u0 (two ARP replies)",
          len(mine) == 2 and all(r[6:12] == SLIRP_MAC for r in mine),
          [r.hex() for r in mine])
    if qemu:
        theirs = redirector_in_run(qemu, tmp, "qemu-redir-in")
        check("redirector-in vs QEMU: same replies", mine == theirs,
              f"qnet {[r.hex() for r in mine]}\nqemu "
              f"{[r.hex() for r in theirs]}")


def main():
    qnet = os.path.abspath(sys.argv[1] if len(sys.argv) > 1
                           else "build/qnet")
    qemu = sys.argv[2] if len(sys.argv) > 2 else "qemu-system-x86_64"
    qemu = shutil.which(qemu)
    if not shutil.which("tshark"):
        print("SKIP: tshark is not installed (Debian package tshark)")
        return SKIP
    if not qemu:
        print("note: qemu-system-x86_64 not found, QEMU comparisons skipped")
    with tempfile.TemporaryDirectory(prefix="qnet-filters-") as tmp:
        test_dump(qnet, qemu, tmp)
        test_live_and_status(qnet, tmp)
        test_buffer(qnet, qemu, tmp)
        test_mirror(qnet, qemu, tmp)
        test_redirector_in(qnet, qemu, tmp)
    return summary()


if __name__ == "__main__":
    sys.exit(main())
