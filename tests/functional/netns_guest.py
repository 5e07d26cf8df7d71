"""netns_guest.py: network namespaces as guests of a qnet user netdev.

Helpers for test_user_netns.py.  A run has one private "host" namespace,
where qnet and the host-side servers live (their own loopback, so fixed
ports cannot clash with anything else on the machine), and one guest
namespace per check: qnet's tap is moved there, and Linux's own TCP/IP
stack, driven by busybox (udhcpc, wget, tftp, ping, nslookup) and python3,
is the guest.

`ip netns exec NS` bind-mounts /etc/netns/NS/resolv.conf over
/etc/resolv.conf (ip-netns(8)): qnet's host namespace gets one naming the
test's own DNS server, and each guest one that its DHCP script fills in.
"""

import ctypes
import os
import queue
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time

SKIP = 77
PROMPT = "(qemu) "
WAIT_S = 15                 # the bound of any single wait
CLONE_NEWNET = 0x40000000   # <sched.h>


class TestFailure(Exception):
    pass


def check(cond, msg):
    """Raises TestFailure(@msg) unless @cond."""
    if not cond:
        raise TestFailure(msg)


def run(cmd, ns=None, check_rc=True, timeout=WAIT_S, input=None):
    """Runs @cmd (a list), in namespace @ns when given; bounded."""
    if ns:
        cmd = ["ip", "netns", "exec", ns] + cmd
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=timeout, input=input,
                       start_new_session=True)
    r.out = r.stdout.decode(errors="replace")
    r.err = r.stderr.decode(errors="replace")
    if check_rc and r.returncode != 0:
        raise TestFailure(f"{' '.join(cmd)}: exit {r.returncode}: "
                          f"{r.err.strip()} {r.out.strip()}")
    return r


def wait_until(pred, what, timeout=WAIT_S, step=0.05):
    """Polls @pred until it is true; TestFailure after @timeout s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pred():
            return
        time.sleep(step)
    raise TestFailure(f"timed out ({timeout} s) waiting for {what}")


def prerequisites():
    """None when root, tun, ip, busybox and netns creation are available,
    else the reason to skip."""
    if os.geteuid() != 0:
        return "needs root (taps, network namespaces)"
    if not os.path.exists("/dev/net/tun"):
        return "/dev/net/tun is missing"
    if not shutil.which("ip"):
        return "'ip' is missing (Debian package iproute2)"
    if not shutil.which("busybox"):
        return "busybox is missing (Debian package busybox-static)"
    probe = f"qnuprobe{os.getpid()}"
    r = subprocess.run(["ip", "netns", "add", probe], stderr=subprocess.PIPE,
                       text=True)
    if r.returncode != 0:
        return "cannot create network namespaces: " + r.stderr.strip()
    subprocess.run(["ip", "netns", "del", probe])
    return None


def setns(fd):
    """Moves the calling thread (and what it starts later) to the network
    namespace open at @fd (setns(2); os.setns exists only from Python 3.12)."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.setns(fd, CLONE_NEWNET) != 0:
        err = ctypes.get_errno()
        raise OSError(err, "setns: " + os.strerror(err))


# ---------------------------------------------------------------- qnet

def render(line):
    """What a terminal shows for @line: QEMU's readline echoes typing with
    erase-to-end (ESC[K) and cursor-left (ESC[nD) sequences."""
    out, col = [], 0
    for token in re.split(r"(\x1b\[[0-9;]*[A-Za-z])", line):
        m = re.fullmatch(r"\x1b\[([0-9;]*)([A-Za-z])", token)
        if m:
            if m.group(2) == "D":
                col = max(0, col - int(m.group(1) or 1))
            elif m.group(2) == "K":
                del out[col:]
            continue
        for ch in token:
            if col < len(out):
                out[col] = ch
            else:
                out.append(ch)
            col += 1
    return "".join(out)


class Qnet:
    """A qnet (or QEMU) process in namespace @ns, its HMP on stdin/stdout,
    optionally a QMP socket at @qmp_path; @wrap: a command that execs it
    (setpriv ...)."""

    def __init__(self, exe, args, ns, qmp_path=None, wrap=(), env=None):
        cmd = [exe, "-nodefaults", "-display", "none", "-M", "none",
               "-monitor", "stdio"]
        if qmp_path:
            cmd += ["-qmp", f"unix:{qmp_path},server=on,wait=off"]
        cmd += list(args)
        # @wrap: a prefix (["setpriv", ...]) or a function of the command.
        self.cmd = wrap(cmd) if callable(wrap) else list(wrap or ()) + cmd
        # ip netns exec execs @exe: the pid is qnet's own.
        self.proc = subprocess.Popen(
            ["ip", "netns", "exec", ns] + self.cmd, stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            start_new_session=True, env=env)
        self.out = queue.Queue()
        self.err = []
        self.pending = ""
        for stream, is_out in ((self.proc.stdout, True),
                               (self.proc.stderr, False)):
            threading.Thread(target=self._pump, args=(stream, is_out),
                             daemon=True).start()

    def _pump(self, stream, is_out):
        for chunk in iter(lambda: stream.read1(65536), b""):
            text = chunk.decode(errors="replace")
            if is_out:
                self.out.put(text)
            else:
                self.err.append(text)
        if is_out:
            self.out.put(None)

    def stderr(self):
        return "".join(self.err)

    def _until_prompt(self, timeout=WAIT_S):
        deadline = time.monotonic() + timeout
        while PROMPT not in self.pending:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TestFailure("no monitor prompt within "
                                  f"{timeout} s; stderr: {self.stderr()}")
            try:
                chunk = self.out.get(timeout=left)
            except queue.Empty:
                continue
            if chunk is None:
                return None
            self.pending += chunk
        text, self.pending = self.pending.split(PROMPT, 1)
        return text

    def started(self):
        """Waits for the first prompt; False when the process exited."""
        return self._until_prompt() is not None

    def start(self):
        """Waits for the first prompt; TestFailure when it exited instead."""
        if not self.started():
            self.proc.wait(timeout=WAIT_S)
            raise TestFailure(f"{self.cmd[0]} exited with status "
                              f"{self.proc.returncode}: {self.stderr()}")
        return self

    def hmp(self, cmd, timeout=WAIT_S):
        """Runs one HMP command; its output without the echo."""
        self.proc.stdin.write((cmd + "\n").encode())
        self.proc.stdin.flush()
        text = self._until_prompt(timeout)
        check(text is not None, f"{self.cmd[0]} exited during '{cmd}': "
              + self.stderr())
        lines = text.replace("\r\n", "\n").split("\n")
        if lines and render(lines[0]).strip() == cmd:   # the echo
            lines = lines[1:]
        return "\n".join(lines).rstrip("\n")

    def rss_kib(self):
        """The process's resident set (VmRSS), in KiB."""
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    def alive(self):
        return self.proc.poll() is None

    def quit(self):
        """Sends quit; the exit status (bounded)."""
        try:
            self.proc.stdin.write(b"quit\n")
            self.proc.stdin.flush()
        except BrokenPipeError:
            pass
        return self.wait()

    def wait(self, timeout=WAIT_S):
        """The exit status (bounded: killed and TestFailure after @timeout)."""
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise TestFailure(f"{self.cmd[0]} did not exit")

    def kill(self):
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait(timeout=WAIT_S)


# ---------------------------------------------------------------- the guest

UDHCPC_SCRIPT = """#!/bin/sh
# Called by busybox udhcpc with the lease in its environment.
case "$1" in
deconfig)
    ip addr flush dev "$interface"
    ip link set "$interface" up ;;
bound|renew)
    ip addr flush dev "$interface"
    ip addr add "$ip/$mask" dev "$interface"
    for r in $router; do ip route replace default via "$r"; break; done
    {{
        [ -n "$search" ] && echo "search $search"
        for d in $dns; do echo "nameserver $d"; done
    }} > {resolv}
    for v in ip mask subnet router dns serverid hostname domain search \\
             boot_file siaddr sname tftp lease; do
        eval "echo \\"$v=\\${{$v}}\\""
    done > {lease}.new
    mv {lease}.new {lease} ;;
esac
exit 0
"""


class Guest:
    """Network namespace @name holding qnet's tap @tap."""

    def __init__(self, name, tap, tmp):
        self.name, self.tap, self.tmp = name, tap, tmp
        self.procs = []
        self.etc = f"/etc/netns/{name}"
        run(["ip", "netns", "add", name])
        os.makedirs(self.etc, exist_ok=True)
        self.resolv = os.path.join(self.etc, "resolv.conf")
        open(self.resolv, "w").close()
        run(["ip", "-n", name, "link", "set", "lo", "up"])

    def attach(self):
        """Moves the tap (qnet created it in our namespace) in and up."""
        wait_until(lambda: run(["ip", "link", "show", self.tap],
                               check_rc=False).returncode == 0,
                   f"qnet to create {self.tap}")
        run(["ip", "link", "set", self.tap, "netns", self.name])
        run(["ip", "-n", self.name, "link", "set", self.tap, "up"])

    def dhcp(self, tries=5, extra=()):
        """Gets a lease with udhcpc; the lease's variables as a dict."""
        lease = os.path.join(self.tmp, f"{self.name}.lease")
        script = os.path.join(self.tmp, f"{self.name}.udhcpc")
        with open(script, "w") as f:
            f.write(UDHCPC_SCRIPT.format(resolv=self.resolv, lease=lease))
        os.chmod(script, 0o755)
        if os.path.exists(lease):
            os.unlink(lease)
        r = self.run(["busybox", "udhcpc", "-i", self.tap, "-s", script,
                      "-n", "-q", "-t", str(tries), "-T", "1", "-A", "1"]
                     + list(extra), check_rc=False, timeout=tries * 3 + 10)
        check(r.returncode == 0 and os.path.exists(lease),
              f"no DHCP lease (udhcpc exit {r.returncode}): {r.err.strip()}")
        out = {}
        with open(lease) as f:
            for line in f:
                key, _, value = line.rstrip("\n").partition("=")
                out[key] = value
        return out

    def run(self, cmd, **kw):
        return run(cmd, ns=self.name, **kw)

    def spawn(self, cmd):
        """Starts @cmd in the namespace in the background (killed at
        close())."""
        p = subprocess.Popen(["ip", "netns", "exec", self.name] + cmd,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             start_new_session=True)
        self.procs.append(p)
        return p

    def close(self):
        for p in self.procs:
            if p.poll() is None:
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                p.wait(timeout=WAIT_S)
        run(["ip", "netns", "del", self.name], check_rc=False)
        shutil.rmtree(self.etc, ignore_errors=True)


class HostNetns:
    """The private namespace qnet and the host-side servers run in; the
    calling process enters it (enter()) and leaves it (leave())."""

    def __init__(self, name):
        self.name = name
        self.etc = f"/etc/netns/{name}"
        self.tmp = tempfile.mkdtemp(prefix="qnet-user-netns-")
        self.orig = None

    def enter(self, resolv_conf):
        run(["ip", "netns", "add", self.name])
        os.makedirs(self.etc, exist_ok=True)
        with open(os.path.join(self.etc, "resolv.conf"), "w") as f:
            f.write(resolv_conf)
        self.orig = os.open("/proc/self/ns/net", os.O_RDONLY)
        fd = os.open(f"/run/netns/{self.name}", os.O_RDONLY)
        try:
            setns(fd)
        finally:
            os.close(fd)
        run(["ip", "link", "set", "lo", "up"])

    def leave(self):
        if self.orig is not None:
            setns(self.orig)
            os.close(self.orig)
            self.orig = None
        run(["ip", "netns", "del", self.name], check_rc=False)
        shutil.rmtree(self.etc, ignore_errors=True)
        shutil.rmtree(self.tmp, ignore_errors=True)
