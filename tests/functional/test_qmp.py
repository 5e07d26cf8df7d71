#!/usr/bin/env python3
"""QMP and HMP monitors on chardevs (issue 3), side by side with QEMU 7.2.

qnet and qemu-system-x86_64 run the same command line with their monitors
on unix sockets in a private temporary directory; the same QMP requests
and HMP lines are sent to both and the transcripts compared:
  * QMP byte for byte, except the version numbers (qnet reports its own)
    and event timestamps;
  * HMP after rendering QEMU's readline echo as qemu_compare.py does.
qnet-only checks follow: several monitors at once, runtime add/delete of
netdevs under traffic, set_link stopping traffic, and faulty clients
(disconnects, garbage, 1 MB lines, deep nesting, a client that does not
read).  TCP ports used: 127.0.0.1:47600-47619.

Every wait is bounded; every process is killed at the end.  Without QEMU
the comparisons are skipped (with a message) and the rest still runs.
Usage: test_qmp.py QNET_BINARY
"""

import json
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

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from qemu_compare import render_terminal  # noqa: E402
from qmp_client import QMPClient, QMPError, QMPTimeout  # noqa: E402
from testlib import check, summary  # noqa: E402

QEMU = "qemu-system-x86_64"
BASE = ["-nodefaults", "-S", "-display", "none"]


# ---------------------------------------------------------------- processes

class Program:
    """A qnet or QEMU process, killed (whole group) on stop()."""

    def __init__(self, binary, args, tmp, wait_paths=(), stdin=None):
        self.out_path = os.path.join(tmp, f"out.{os.getpid()}.{id(self)}")
        self.err_path = self.out_path + ".err"
        self.out = open(self.out_path, "wb")
        self.err = open(self.err_path, "wb")
        self.proc = subprocess.Popen(
            [binary] + BASE + args, stdin=stdin or subprocess.DEVNULL,
            stdout=self.out, stderr=self.err, start_new_session=True)
        deadline = time.monotonic() + 10
        for path in wait_paths:
            while not os.path.exists(path):
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    raise RuntimeError(f"{binary}: {path} did not appear: "
                                       + self.stderr())
                time.sleep(0.02)

    def stderr(self):
        self.err.flush()
        with open(self.err_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def wait(self, timeout=10):
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            return None

    def stop(self):
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait(5)
        self.out.close()
        self.err.close()


# ---------------------------------------------------------------- QMP compare

QMP_COMMON = ["-netdev", "user,id=u0", "-device", "e1000,netdev=u0",
              "-netdev", "hubport,id=h1,hubid=1"]

# (request line, whether to send it before capabilities negotiation)
QMP_BEFORE = [
    '{"execute":"query-version"}',
    '{"execute":"foo","id":1}',
    '{"id":2}',
    '{"execute":"qmp_capabilities","arguments":[],"id":3}',
    '{"execute":"qmp_capabilities","arguments":{"enable":["oob","x"]},"id":4}',
]
QMP_AFTER = [
    '{"execute":"qmp_capabilities"}',
    '{"execute":"foo","id":1}',
    '[1]',
    '{"foo":1}',
    '{"execute":1}',
    '{"execute":"query-version","arguments":[],"id":"a"}',
    '{"exec-oob":"query-version","id":{"x":[1,2.5,null,true]}}',
    '{"execute":"query-version","control":1}',
    'garbage',
    "{'execute':'set_link','arguments':{'name':'nope','up':true}}",
    '{"execute":"set_link"}',
    '{"execute":"set_link","arguments":{"name":"x"}}',
    '{"execute":"set_link","arguments":{"name":"x","up":1}}',
    '{"execute":"set_link","arguments":{"name":"x","up":true,"z":1}}',
    '{"execute":"set_link","arguments":{"name":"\\u00e9\\u0001\\t/\\u007f'
    '\\ud83d\\ude00","up":true}}',
    '{"execute":"set_link","arguments":{"name":"u0","up":false}}',
    '{"execute":"set_link","arguments":{"name":"e1000.0","up":true}}',
    '{"execute":"netdev_add","arguments":{"type":"user","id":"u1"}}',
    '{"execute":"netdev_add","arguments":{"type":"user","id":"u1"}}',
    '{"execute":"netdev_add","arguments":{"type":"user"}}',
    '{"execute":"netdev_add","arguments":{"type":"user","id":"2"}}',
    '{"execute":"netdev_add","arguments":{"type":"user","id":"u2","bogus":1}}',
    '{"execute":"netdev_add","arguments":{"type":"foo","id":"u2"}}',
    '{"execute":"netdev_add","arguments":{"type":"hubport","id":"h2",'
    '"hubid":2}}',
    '{"execute":"netdev_del","arguments":{"id":"u1"}}',
    '{"execute":"netdev_del","arguments":{"id":"u1"}}',
    '{"execute":"netdev_del","arguments":{"id":"e1000.0"}}',
    '{"execute":"netdev_del"}',
    '{"execute":"query-rx-filter","arguments":{"name":"zzz"}}',
    '{"execute":"query-rx-filter","arguments":{"name":"u0"}}',
    '{"execute":"query-rx-filter","arguments":{"name":"e1000.0"}}',
    '{"execute":"query-rx-filter"}',
    '{"execute":"announce-self"}',
    '{"execute":"announce-self","arguments":{"initial":1.5,"max":550,'
    '"rounds":5,"step":100}}',
    '{"execute":"announce-self","arguments":{"initial":1,"max":5,"rounds":2,'
    '"step":1,"interfaces":"x"}}',
    '{"execute":"announce-self","arguments":{"initial":1,"max":5,"rounds":2,'
    '"step":1,"interfaces":[1]}}',
    '{"execute":"announce-self","arguments":{"initial":1,"max":5,"rounds":2,'
    '"step":1,"interfaces":["e1000.0","nope"],"id":"a1"}}',
    '{"execute":"object-add","arguments":{"qom-type":"filter-buffer",'
    '"id":"f0","netdev":"u0","interval":1000}}',
    '{"execute":"object-add","arguments":{"qom-type":"filter-buffer",'
    '"id":"f0","netdev":"u0","interval":1000}}',
    '{"execute":"object-add","arguments":{"qom-type":"filter-buffer",'
    '"id":"f1","netdev":"nope","interval":1000}}',
    '{"execute":"object-add","arguments":{"qom-type":"filter-buffer",'
    '"id":"f1","netdev":"u0"}}',
    '{"execute":"qom-get","arguments":{"path":"f0","property":"status"}}',
    '{"execute":"qom-set","arguments":{"path":"/objects/f0",'
    '"property":"status","value":"off"}}',
    '{"execute":"qom-get","arguments":{"path":"/objects/f0",'
    '"property":"status"}}',
    '{"execute":"qom-set","arguments":{"path":"f0","property":"status",'
    '"value":"maybe"}}',
    '{"execute":"qom-set","arguments":{"path":"f0","property":"status",'
    '"value":false}}',
    '{"execute":"qom-get","arguments":{"path":"f0","property":"nope"}}',
    '{"execute":"qom-get","arguments":{"path":"nope","property":"status"}}',
    '{"execute":"qom-get","arguments":{"path":"/objects/nope",'
    '"property":"status"}}',
    '{"execute":"qom-get","arguments":{"path":"f0","property":"interval"}}',
    '{"execute":"human-monitor-command","arguments":'
    '{"command-line":"info network"}}',
    '{"execute":"object-del","arguments":{"id":"f0"}}',
    '{"execute":"object-del","arguments":{"id":"f0"}}',
    '{"execute":"human-monitor-command","arguments":{"command-line":"foo"}}',
    '{"execute":"human-monitor-command","arguments":'
    '{"command-line":"set_link nope on"}}',
    '{"execute":"human-monitor-command"}',
    '{"execute":"query-version","id":[1,{}]}',
]

VERSION_RE = re.compile(r'\{"qemu": \{"micro": \d+, "minor": \d+, '
                        r'"major": \d+\}, "package": "[^"]*"\}')
STAMP_RE = re.compile(r'"timestamp": \{"seconds": \d+, '
                      r'"microseconds": \d+\}')


def normalize_qmp(text):
    text = VERSION_RE.sub("<version>", text)
    return STAMP_RE.sub('"timestamp": <time>', text)


def qmp_exchange(client, line, n):
    """Send @line and a sync request; return the raw text before the
    sync reply."""
    sync = f"sync{n}"
    client.send_raw(line + "\n")
    client.send_raw(json.dumps({"execute": "query-version", "id": sync})
                    + "\n")
    out = []
    while True:
        raw = client.read_raw_line().decode("utf-8", "replace")
        if f'"id": "{sync}"' in raw:
            return "".join(out)
        out.append(raw)


def qmp_transcript(binary, tmp, name):
    path = os.path.join(tmp, f"{name}.qmp")
    prog = Program(binary, QMP_COMMON + [
        "-qmp", f"unix:{path},server=on,wait=off"], tmp, [path])
    lines = []
    try:
        c = QMPClient(path)
        lines.append("greeting " + c.read_raw_line().decode())
        n = 0
        for req in QMP_BEFORE:
            n += 1
            lines.append(f">> {req}\n" + qmp_exchange(c, req, n))
        c.send_raw('{"execute":"qmp_capabilities"}\n')
        lines.append("caps " + c.read_raw_line().decode())
        for req in QMP_AFTER:
            n += 1
            lines.append(f">> {req}\n" + qmp_exchange(c, req, n))
        c.send_raw('{"execute":"quit","id":"q"}\n')
        for _ in range(2):
            lines.append("quit " + c.read_raw_line().decode())
        try:
            tail = c.read_raw_line(timeout=3)
            lines.append("after quit " + tail.decode())
        except (EOFError, ConnectionResetError):
            lines.append("after quit: EOF\n")
        c.close()
        lines.append(f"exit {prog.wait()}\n")
    finally:
        prog.stop()
    return normalize_qmp("".join(lines))


def compare(name, expected, actual):
    if expected == actual:
        check(name, True)
        return
    import difflib
    diff = "".join(difflib.unified_diff(expected.splitlines(True),
                                        actual.splitlines(True),
                                        "qemu", "qnet"))
    check(name, False, diff)


# ---------------------------------------------------------------- HMP compare

HMP_LINES = [
    "info network", "help set_link", "help announce_self", "help object_add",
    "help object_del", "help qom-set", "help quit", "help foo", "foo",
    "set_link u0 off", "set_link nope on", "set_link u0", "announce_self",
    "announce_self e1000.0 a1", "object_add", "object_add foo",
    "object_add filter-buffer,id=f0,netdev=u0,interval=1000",
    "object_add filter-buffer,id=f0,netdev=u0,interval=1000",
    "object_add filter-buffer,id=1f,netdev=u0,interval=1000",
    "object_add filter-buffer,id=f2,netdev=nope,interval=1000",
    "object_add filter-dump,help", "info network", "qom-get f0 status",
    "qom-set f0 status off", "qom-get f0 status", "qom-get f0 nope",
    "qom-get nope status", "qom-set f0 status maybe",
    "qom-get /objects/f0 interval", "object_del", "object_del f0",
    "object_del f0", "netdev_add user,id=u9", "info network",
    "netdev_del u9", "netdev_del u9", "hostfwd_add nope tcp::1-:2",
]


def read_until_prompt(sock, prompts, timeout=5):
    """Read until @prompts "(qemu) " prompts have arrived."""
    data = b""
    deadline = time.monotonic() + timeout
    while data.count(b"(qemu) ") < prompts:
        sock.settimeout(max(deadline - time.monotonic(), 0.01))
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            break
        if not chunk:
            break
        data += chunk
    return data


def hmp_sections(raw, commands):
    """Per command output, echo removed, after terminal rendering."""
    text = render_terminal(raw.decode("utf-8", "replace"))
    parts = text.split("(qemu) ")
    out = [("banner", re.sub(r"^(QEMU|qnet) \S+ monitor", "<prog> monitor",
                             parts[0]))]
    for cmd, part in zip(commands, parts[1:]):
        if part.startswith(cmd):
            part = part[len(cmd):].lstrip("\n")
        out.append((cmd, part))
    return "".join(f"== {c}\n{p}" for c, p in out)


def hmp_transcript(binary, tmp, name):
    path = os.path.join(tmp, f"{name}.hmp")
    prog = Program(binary, QMP_COMMON + [
        "-monitor", f"unix:{path},server=on,wait=off"], tmp, [path])
    try:
        s = socket.socket(socket.AF_UNIX)
        s.connect(path)
        raw = read_until_prompt(s, 1)
        for line in HMP_LINES:
            s.sendall(line.encode() + b"\n")
            raw += read_until_prompt(s, 1)
        s.sendall(b"quit\n")
        s.settimeout(5)
        tail = b""
        while True:
            try:
                chunk = s.recv(65536)
            except ConnectionResetError:   # closed with input unread
                break
            if not chunk:
                break
            tail += chunk
        raw += tail
        s.close()
        status = prog.wait()
    finally:
        prog.stop()
    return hmp_sections(raw, HMP_LINES + ["quit"]) + f"exit {status}\n"


def compare_with_qemu(qnet, tmp):
    if not shutil.which(QEMU):
        print(f"SKIP qemu comparisons: {QEMU} is not installed (Debian "
              "package qemu-system-x86)")
        return
    compare("qmp transcript", qmp_transcript(QEMU, tmp, "qemu"),
            qmp_transcript(qnet, tmp, "qnet"))
    compare("hmp over a unix socket", hmp_transcript(QEMU, tmp, "qemu"),
            hmp_transcript(qnet, tmp, "qnet"))


# ---------------------------------------------------------------- qnet only

def connect_hmp(path_or_addr):
    if isinstance(path_or_addr, tuple):
        s = socket.create_connection(path_or_addr, timeout=5)
    else:
        s = socket.socket(socket.AF_UNIX)
        s.settimeout(5)
        s.connect(path_or_addr)
    return s


def hmp_command(sock, line):
    sock.sendall(line.encode() + b"\n")
    raw = read_until_prompt(sock, 1)
    text = raw.decode().replace("\r\n", "\n")
    return text[len(line) + 1:-len("(qemu) ")] if text.startswith(line) \
        else text


def client_info(qmp, name):
    for c in qmp.command("x-qnet-query-net")["clients"]:
        if c["name"] == name:
            return c
    return None


def several_monitors(qnet, tmp):
    """stdio HMP + unix QMP + tcp HMP + -mon on a -chardev, all at once."""
    q1 = os.path.join(tmp, "multi.qmp")
    q2 = os.path.join(tmp, "multi2.qmp")
    prog = Program(qnet, QMP_COMMON + [
        "-monitor", "stdio",
        "-qmp", f"unix:{q1},server=on,wait=off",
        "-monitor", "tcp:127.0.0.1:47600,server=on,wait=off",
        "-chardev", f"socket,id=c0,path={q2},server=on,wait=off",
        "-mon", "chardev=c0,mode=control,pretty=on"], tmp, [q1, q2],
        stdin=subprocess.PIPE)
    try:
        a = QMPClient(q1)
        a.negotiate()
        b = QMPClient(q2)
        lines = [b.read_raw_line()]
        while lines[-1] != b"}\r\n" and len(lines) < 40:
            lines.append(b.read_raw_line())
        b.greeting = json.loads(b"".join(lines))
        check("multi: pretty greeting", lines[:2] == [b"{\r\n",
              b'    "QMP": {\r\n'] and "QMP" in b.greeting, lines)
        b.negotiate()
        h = connect_hmp(("127.0.0.1", 47600))
        banner = read_until_prompt(h, 1)
        check("multi: tcp HMP banner", banner.startswith(b"qnet ") and
              banner.endswith(b"monitor - type 'help' for more "
                              b"information\r\n(qemu) "), banner)
        check("multi: set_link over tcp HMP is silent",
              hmp_command(h, "set_link u0 off") == "")
        check("multi: QMP sees the link down",
              client_info(a, "u0")["link-up"] is False)
        check("multi: and the NIC follows",
              client_info(a, "e1000.0")["link-up"] is False)
        out = hmp_command(h, "info network")
        check("multi: HMP info network over tcp",
              out.startswith("hub 1\n \\ h1\ne1000.0: index=0"), out)
        prog.proc.stdin.write(b"netdev_add hubport,id=h9,hubid=9\n")
        prog.proc.stdin.flush()
        deadline = time.monotonic() + 5
        while client_info(a, "h9") is None and time.monotonic() < deadline:
            time.sleep(0.05)
        check("multi: stdio HMP command seen by QMP",
              client_info(a, "h9") is not None)
        reply = b.execute("quit")
        check("multi: quit from the -mon QMP", reply.get("return") == {},
              reply)
        ev = a.wait_event("SHUTDOWN")
        check("multi: other QMP gets SHUTDOWN",
              ev["data"] == {"guest": False, "reason": "host-qmp-quit"}, ev)
        check("multi: exit 0", prog.wait() == 0, prog.stderr())
        with open(prog.out_path, "rb") as f:
            stdout = f.read()
        check("multi: stdio banner and echo",
              stdout.startswith(b"qnet ") and
              b"(qemu) netdev_add hubport,id=h9,hubid=9\r\n(qemu) " in stdout,
              stdout)
        for c in (a, b):
            c.close()
        h.close()
    finally:
        prog.stop()


def reconnect_and_garbage(qnet, tmp):
    path = os.path.join(tmp, "fault.qmp")
    hpath = os.path.join(tmp, "fault.hmp")
    prog = Program(qnet, QMP_COMMON + [
        "-qmp", f"unix:{path},server=on,wait=off",
        "-monitor", f"unix:{hpath},server=on,wait=off"], tmp, [path, hpath])
    try:
        c = QMPClient(path)
        c.negotiate()
        c.send_raw('{"execute": "query-')      # then vanish mid-request
        c.close()
        c = QMPClient(path)
        c.read_greeting()
        r = c.execute("query-version")
        check("fault: reconnect needs negotiation again",
              r.get("error", {}).get("desc") ==
              "Expecting capabilities negotiation with 'qmp_capabilities'", r)
        c.negotiate()
        c.send_raw(b"a" * ((1 << 20) + 10) + b"\n")
        r = c.read_reply()
        check("fault: 1 MB keyword line gives an error",
              r.get("error", {}).get("desc") ==
              "JSON token size limit exceeded", r)
        big = json.dumps({"execute": "set_link", "arguments":
                          {"name": "x" * (2 << 20), "up": True}})
        c.send_raw(big + "\n")
        r = c.read_reply()
        check("fault: 2 MB request refused", "error" in r, r)
        c.send_raw("[" * 3000 + "\n")
        r = c.read_reply()
        check("fault: deep nesting refused",
              r.get("error", {}).get("desc") ==
              "JSON nesting depth limit exceeded", r)
        c.send_raw(b'{"execute": "\xff\xfe"}\n')
        r = c.read_reply()
        check("fault: invalid UTF-8 refused", "error" in r, r)
        c.send_raw(b"\x00\x01\x02}]]\n")
        time.sleep(0.2)
        while True:
            try:
                c.read_message(timeout=0.3)
            except QMPTimeout:
                break
        r = c.execute("query-version", id=7)
        check("fault: still answering after garbage",
              r.get("id") == 7 and "return" in r, r)
        # A client that sends many requests without reading: qnet stops
        # reading it while its replies wait, and loses none.
        count = 20000
        payload = b'{"execute":"query-version"}\n' * count
        sender = threading.Thread(target=c.sock.sendall, args=(payload,))
        sender.start()
        time.sleep(1.0)
        got = 0
        deadline = time.monotonic() + 60
        while got < count and time.monotonic() < deadline:
            c.read_message(timeout=10)
            got += 1
        sender.join(10)
        check("fault: slow reader gets every reply", got == count,
              f"{got}/{count}")
        # HMP: a 1 MB line is cut to QEMU's 4095 characters.
        h = connect_hmp(hpath)
        read_until_prompt(h, 1)
        h.sendall(b"x" * (1 << 20) + b"\n")
        raw = read_until_prompt(h, 1, timeout=10).decode()
        check("fault: HMP 1 MB line", "unknown command: '" + "x" * 4095 +
              "'\r\n(qemu) " in raw, raw[-200:])
        check("fault: HMP still answers",
              hmp_command(h, "info network").startswith("hub 1"))
        h.close()
        c.close()
        check("fault: qnet still running", prog.proc.poll() is None,
              prog.stderr())
    finally:
        prog.stop()


# -- traffic through a hub between two stream netdevs (QEMU's 4-byte framing)

FRAME = bytes.fromhex("ffffffffffff525400123456" "0800") + bytes(46)


class Pump:
    """Writes framed packets into one stream socket until stopped."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        self.stop_flag = False
        self.error = None
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        record = struct.pack(">I", len(FRAME)) + FRAME
        burst = record * 64
        deadline = time.monotonic() + 120
        while not self.stop_flag and time.monotonic() < deadline:
            try:
                self.sock.sendall(burst)
            except OSError as e:
                self.error = e
                return
            time.sleep(0.001)

    def stop(self):
        self.stop_flag = True
        self.thread.join(10)
        self.sock.close()


class Sink:
    """Counts bytes arriving on a stream socket."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        self.sock.settimeout(0.2)
        self.bytes = 0
        self.stop_flag = False
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        deadline = time.monotonic() + 120
        while not self.stop_flag and time.monotonic() < deadline:
            try:
                chunk = self.sock.recv(1 << 16)
            except socket.timeout:
                continue
            except OSError:
                return
            if not chunk:
                return
            self.bytes += len(chunk)

    def stop(self):
        self.stop_flag = True
        self.thread.join(10)
        self.sock.close()


def settle(sink, quiet=0.4, timeout=10):
    """Wait until @sink received nothing for @quiet seconds."""
    last, since = sink.bytes, time.monotonic()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        time.sleep(0.1)
        if sink.bytes != last:
            last, since = sink.bytes, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return True
    return False


def traffic_lifecycle(qnet, tmp):
    path = os.path.join(tmp, "traffic.qmp")
    args = ["-M", "none", "-qmp", f"unix:{path},server=on,wait=off",
            "-netdev", "stream,id=s1,server=on,addr.type=inet,"
                       "addr.host=127.0.0.1,addr.port=47601",
            "-netdev", "stream,id=s2,server=on,addr.type=inet,"
                       "addr.host=127.0.0.1,addr.port=47602",
            "-netdev", "hubport,id=p1,hubid=0,netdev=s1",
            "-netdev", "hubport,id=p2,hubid=0,netdev=s2"]
    prog = Program(qnet, args, tmp, [path])
    pump = sink = None
    try:
        q = QMPClient(path)
        q.negotiate()
        sink = Sink(47602)
        q.wait_event("NETDEV_STREAM_CONNECTED")
        pump = Pump(47601)
        q.wait_event("NETDEV_STREAM_CONNECTED")
        deadline = time.monotonic() + 10
        while sink.bytes < 100000 and time.monotonic() < deadline:
            time.sleep(0.05)
        check("traffic: frames cross the hub", sink.bytes >= 100000,
              sink.bytes)
        q.command("set_link", {"name": "s1", "up": False})
        check("traffic: link down stops delivery", settle(sink))
        before = sink.bytes
        drops0 = client_info(q, "s1")["stats"]["drop-link-down"]
        time.sleep(0.5)
        drops1 = client_info(q, "s1")["stats"]["drop-link-down"]
        check("traffic: nothing delivered while down", sink.bytes == before,
              sink.bytes - before)
        check("traffic: drops counted while down", drops1 > drops0,
              (drops0, drops1))
        q.command("set_link", {"name": "s1", "up": True})
        deadline = time.monotonic() + 10
        while sink.bytes <= before and time.monotonic() < deadline:
            time.sleep(0.05)
        check("traffic: link up resumes delivery", sink.bytes > before)
        ok = True
        for i in range(20):
            try:
                q.command("netdev_del", {"id": "p2"})
                q.command("netdev_add", {"type": "hubport", "id": "p2",
                                         "hubid": 0, "netdev": "s2"})
                q.command("netdev_add", {"type": "hubport", "id": f"x{i}",
                                         "hubid": 0})
                q.command("netdev_del", {"id": f"x{i}"})
            except QMPError as e:
                ok = False
                print(f"  round {i}: {e}")
                break
        check("traffic: hub ports deleted and re-added under traffic", ok)
        q.command("netdev_del", {"id": "p1"})
        q.command("netdev_del", {"id": "s1"})
        info = q.command("x-qnet-query-net")
        names = [c["name"] for c in info["clients"]]
        check("traffic: deleted netdevs are gone", "s1" not in names and
              "p1" not in names and "s2" in names, names)
        check("traffic: hubs listed", any(
            h["id"] == 0 and h["ports"] == ["p2"] and h["mode"] == "flood"
            for h in info["hubs"]), info["hubs"])
        r = q.execute("quit")
        check("traffic: quit", r.get("return") == {}, r)
        check("traffic: exit 0", prog.wait() == 0, prog.stderr())
        q.close()
    finally:
        if pump:
            pump.stop()
        if sink:
            sink.stop()
        prog.stop()


def hostfwd_qmp(qnet, tmp):
    path = os.path.join(tmp, "fwd.qmp")
    prog = Program(qnet, QMP_COMMON + [
        "-qmp", f"unix:{path},server=on,wait=off"], tmp, [path])
    try:
        q = QMPClient(path)
        q.negotiate()
        added = q.command("x-qnet-hostfwd-add", {
            "netdev": "u0", "host-addr": "127.0.0.1", "host-port": 0,
            "guest-port": 22})
        port = added["host-port"]
        check("hostfwd: port 0 binds a real port", 0 < port < 65536, added)
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        s.close()
        check("hostfwd: the port accepts connections", True)
        lst = q.command("x-qnet-hostfwd-list", {"netdev": "u0"})
        check("hostfwd: listed", lst == [added], lst)
        out = q.command("human-monitor-command",
                        {"command-line": "info usernet"})
        check("hostfwd: info usernet shows it", f" {port} " in out, out)
        q.command("x-qnet-hostfwd-remove", {"netdev": "u0",
                                            "rule": f"tcp:127.0.0.1:{port}"})
        check("hostfwd: removed",
              q.command("x-qnet-hostfwd-list", {"netdev": "u0"}) == [])
        r = q.execute("x-qnet-hostfwd-add", {"netdev": "nope",
                                             "rule": "tcp::0-:22"})
        check("hostfwd: unknown netdev", r.get("error", {}).get("desc") ==
              "unrecognized netdev id 'nope'", r)
        q.close()
    finally:
        prog.stop()


def main():
    if len(sys.argv) < 2 or not os.access(sys.argv[1], os.X_OK):
        print("usage: test_qmp.py QNET_BINARY")
        return 2
    qnet = os.path.abspath(sys.argv[1])
    tmp = tempfile.mkdtemp(prefix="qnet-qmp-")
    try:
        for test in (compare_with_qemu, several_monitors,
                     reconnect_and_garbage, traffic_lifecycle, hostfwd_qmp):
            try:
                test(qnet, tmp)
            except Exception as e:  # one broken test must not hide others
                check(f"{test.__name__}: ran", False, repr(e))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return summary()


if __name__ == "__main__":
    sys.exit(main())
