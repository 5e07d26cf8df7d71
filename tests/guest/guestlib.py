"""Harness for the real-guest tests: builds ../shared/guest once, runs qnet,
guests (../shared/guest/run-guest.sh) and host endpoints, and cleans up.

Every process is started in its own session and killed by that session id
in a finally block; every wait is bounded.  Only loopback is used.
"""

import argparse
import fcntl
import hashlib
import http.server
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback

SKIP = 77
BUILD_TIMEOUT_S = 300     # first build downloads ~72 MB of .debs
LOCK_TIMEOUT_S = 420      # another test of this run may be building
QNET_READY_S = 10
GUEST_TIMEOUT_S = 120     # run-guest.sh's limit per guest (TCG, loaded CI)
FAILED_MARK = "BUILD-FAILED"
FAILED_REUSE_S = 900      # tests of the same run do not retry a failed build
# Outputs of build-guest.sh whose text means "no network / no apt lists",
# which is a missing prerequisite rather than a bug.
OFFLINE_RE = re.compile(
    r"cannot resolve linux-image-amd64|Failed to fetch|Temporary failure|"
    r"Could not resolve|Unable to locate package|Unable to connect|"
    r"need packages:|Network is unreachable", re.I)


class Skip(Exception):
    """A prerequisite is missing: the test exits 77 with this reason."""


def parse_args(extra=None):
    """Common command line: --qnet, --build-root, --shared, plus extra()."""
    ap = argparse.ArgumentParser(description=sys.modules["__main__"].__doc__)
    ap.add_argument("--qnet", required=True, help="the qnet binary")
    ap.add_argument("--build-root", required=True,
                    help="meson build dir (guest goes to BUILD/guest)")
    ap.add_argument("--shared", default=None,
                    help="../shared/guest (env QNET_SHARED_GUEST overrides)")
    ap.add_argument("--keep", action="store_true",
                    help="keep the scratch directory")
    if extra:
        extra(ap)
    return ap.parse_args()


# ------------------------------------------------------------ guest build

def _proc_start_time(pid):
    """Start time (clock ticks since boot) of pid, from /proc/PID/stat."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return "?"


def _run_key():
    """Identifies this test run: the parent (meson test) and its start."""
    ppid = os.getppid()
    return f"ppid={ppid} start={_proc_start_time(ppid)}"


def _stale(out_dir, shared):
    """True when the artefacts are missing or older than the guest sources."""
    info = os.path.join(out_dir, "BUILD-INFO")
    for f in ("vmlinuz", "initramfs.cpio.gz", "BUILD-INFO"):
        if not os.path.exists(os.path.join(out_dir, f)):
            return True
    built = os.path.getmtime(info)
    for f in ("build-guest.sh", "guest-init.sh", "udhcpc.script"):
        p = os.path.join(shared, f)
        if os.path.exists(p) and os.path.getmtime(p) > built:
            return True
    return False


def ensure_guest(build_root, shared):
    """Build the guest into BUILD/guest (debs cached in BUILD/guest-cache)
    unless it is up to date; returns (kernel, initrd).  Concurrent tests of
    one run serialise on a lock, so the guest is built once; a build that
    failed for lack of network is not retried within the same run."""
    if not shared or not os.path.isfile(os.path.join(shared, "run-guest.sh")):
        raise Skip(f"no test guest: {shared or '../shared/guest'} is absent "
                   "(it lives beside the clone, see docs/guest-tests.md)")
    for tool in ("qemu-system-x86_64", "dpkg-deb", "apt-get"):
        if not shutil.which(tool):
            raise Skip(f"{tool} is not installed (scripts/install-deps.sh)")
    out_dir = os.path.join(build_root, "guest")
    cache_dir = os.path.join(build_root, "guest-cache")
    os.makedirs(out_dir, exist_ok=True)
    kernel = os.path.join(out_dir, "vmlinuz")
    initrd = os.path.join(out_dir, "initramfs.cpio.gz")
    with open(os.path.join(build_root, "guest.lock"), "w") as lock:
        deadline = time.monotonic() + LOCK_TIMEOUT_S
        while True:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise RuntimeError("timed out waiting for the guest "
                                       "build lock held by another test")
                time.sleep(0.5)
        mark = os.path.join(out_dir, FAILED_MARK)
        if os.path.exists(mark):
            with open(mark) as f:
                key, _, reason = f.read().partition("\n")
            fresh = time.time() - os.path.getmtime(mark) < FAILED_REUSE_S
            if key == _run_key() and fresh:
                raise Skip(reason.strip() + f"\n(remove {mark} to retry "
                           "at once)")
            os.unlink(mark)
        if not _stale(out_dir, shared):
            return kernel, initrd
        print(f"building the test guest into {out_dir} ...", flush=True)
        env = dict(os.environ, OUT_DIR=out_dir, CACHE_DIR=cache_dir)
        t0 = time.monotonic()
        try:
            p = subprocess.run(
                [os.path.join(shared, "build-guest.sh")], env=env,
                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT, text=True, timeout=BUILD_TIMEOUT_S,
                start_new_session=True)
            rc, log = p.returncode, p.stdout
        except subprocess.TimeoutExpired as e:
            rc, log = -1, (e.stdout or b"").decode(errors="replace")
            log += f"\n(timed out after {BUILD_TIMEOUT_S} s)"
        tail = "\n".join(log.strip().splitlines()[-8:])
        if rc == 0:
            print(f"guest built in {time.monotonic() - t0:.1f} s", flush=True)
            return kernel, initrd
        if rc == -1 or OFFLINE_RE.search(log):
            reason = ("cannot build the test guest (no network or no apt "
                      "lists? run 'apt-get update' or scripts/install-deps.sh"
                      f"):\n{tail}")
            with open(mark, "w") as f:
                f.write(_run_key() + "\n" + reason)
            raise Skip(reason)
        raise RuntimeError(f"build-guest.sh failed (rc={rc}):\n{tail}")


# --------------------------------------------------------------- processes

def kill_session(sid):
    """SIGKILL every process in session sid (a session we created with
    start_new_session: run-guest.sh's timeout(1) moves QEMU into its own
    process group, but not out of the session)."""
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[3]) == sid:            # field 6 of stat(5): session
            try:
                os.kill(int(name), signal.SIGKILL)
            except ProcessLookupError:
                pass


def free_port(kind=socket.SOCK_STREAM):
    """A currently unused 127.0.0.1 port of the given socket type."""
    with socket.socket(socket.AF_INET, kind) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tcp_listening(port):
    """True when some socket listens on TCP port (any address)."""
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                next(f)
                for line in f:
                    cols = line.split()
                    if cols[3] == "0A" and int(cols[1].rsplit(":", 1)[1],
                                                16) == port:
                        return True
        except OSError:
            pass
    return False


def wait_until(pred, timeout, step=0.05):
    """Poll pred() until it is true or timeout seconds pass."""
    deadline = time.monotonic() + timeout
    while True:
        value = pred()
        if value or time.monotonic() >= deadline:
            return value
        time.sleep(step)


def md5_file(path):
    """Hex md5 of a file's contents."""
    h = hashlib.md5()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def tail(path, lines=25):
    """The last lines of a text file (CRs dropped), for diagnostics."""
    try:
        with open(path, "rb") as f:
            text = f.read().decode(errors="replace").replace("\r", "")
    except OSError:
        return f"({path} missing)"
    return "\n".join(text.rstrip().splitlines()[-lines:])


class Qnet:
    """A qnet process with an HMP monitor on a pipe; stdout in a log."""

    def __init__(self, h, name, args):
        self.h, self.name = h, name
        self.log = os.path.join(h.tmp, name + ".log")
        self.logf = open(self.log, "wb")
        self.cmd = [h.qnet, "-nodefaults", "-display", "none",
                    "-monitor", "stdio"] + args
        self.proc = subprocess.Popen(self.cmd, stdin=subprocess.PIPE,
                                     stdout=self.logf,
                                     stderr=subprocess.STDOUT,
                                     start_new_session=True)
        h.sessions.append(self.proc)
        h.closers.append(self.logf.close)
        ok = wait_until(lambda: self.proc.poll() is not None or
                        b"(qemu) " in self._read(), QNET_READY_S)
        if not ok or self.proc.poll() is not None:
            raise RuntimeError(f"qnet did not start: {' '.join(self.cmd)}\n"
                               + tail(self.log))

    def _read(self):
        with open(self.log, "rb") as f:
            return f.read()

    def cpu_seconds(self):
        """User + system CPU time qnet has used so far (proc(5) stat)."""
        try:
            with open(f"/proc/{self.proc.pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def quit(self):
        """Ask for `info network` and quit; returns (exit status, output).
        None as status means it had died already or did not quit."""
        if self.proc.poll() is not None:
            return None, self._read().decode(errors="replace")
        try:
            self.proc.stdin.write(b"info network\nquit\n")
            self.proc.stdin.flush()
            rc = self.proc.wait(timeout=10)
        except (BrokenPipeError, subprocess.TimeoutExpired):
            rc = None
        return rc, self._read().decode(errors="replace")


class Guest:
    """One run-guest.sh run in the background; wait() parses its results."""

    def __init__(self, h, name, net, test, timeout=GUEST_TIMEOUT_S,
                 live=False, **params):
        """live: the console goes to the output file as it comes (not only
        the results at the end), so seen() can follow the guest's steps."""
        self.h, self.name, self.timeout = h, name, timeout
        self.serial = os.path.join(h.tmp, name + ".serial.log")
        self.out = os.path.join(h.tmp, name + ".out")
        cmd = [os.path.join(h.shared, "run-guest.sh")]
        cmd += [] if live else ["--quiet"]
        cmd += ["--name", name, "--timeout", str(timeout),
               "--kernel", h.kernel, "--initrd", h.initrd,
               "--log", self.serial, "--net", net, "--test", test]
        for key, value in params.items():
            cmd += ["--" + key, str(value)]
        self.outf = open(self.out, "wb")
        self.t0 = time.monotonic()
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                                     stdout=self.outf,
                                     stderr=subprocess.STDOUT,
                                     start_new_session=True)
        h.sessions.append(self.proc)
        self.rc, self.res, self.wall = None, {}, None

    def seen(self, text):
        """True once text appeared in the guest's output (live=True)."""
        with open(self.out, "rb") as f:
            return text.encode() in f.read()

    def running(self):
        return self.proc.poll() is None

    def wait(self):
        """Wait (bounded) for the guest; returns self with rc and res set:
        rc is run-guest.sh's status (0 pass), res the GUEST-RESULT keys."""
        if self.rc is not None:
            return self
        try:
            self.rc = self.proc.wait(timeout=self.timeout + 20)
        except subprocess.TimeoutExpired:
            kill_session(self.proc.pid)
            self.proc.wait(timeout=10)
            self.rc = -1
        self.wall = time.monotonic() - self.t0
        self.outf.close()
        with open(self.out, "rb") as f:
            text = f.read().decode(errors="replace").replace("\r", "")
            for line in text.splitlines():
                m = re.search(r"(GUEST|HOST)-RESULT (.*)", line)
                if m:
                    for word in m.group(2).split():
                        k, sep, v = word.partition("=")
                        if sep:
                            self.res[k] = v
        return self

    def ok(self):
        return self.rc == 0 and self.res.get("status") == "pass"

    def summary(self):
        return (f"{self.name}: rc={self.rc} status={self.res.get('status')}"
                f" failed={self.res.get('failed', '-')}"
                f" wall={self.wall or 0:.1f}s")

    def diagnostics(self):
        return (f"{self.summary()}\n--- {self.name} results\n"
                f"{tail(self.out, 30)}\n--- {self.name} serial log (tail)\n"
                f"{tail(self.serial, 15)}")


class HttpServer:
    """python http.server on 127.0.0.1 in a thread, serving one blob."""

    def __init__(self, h, size=3_000_000):
        self.dir = os.path.join(h.tmp, "www")
        os.makedirs(self.dir, exist_ok=True)
        path = os.path.join(self.dir, "blob.bin")
        with open(path, "wb") as f:
            f.write(os.urandom(size))
        self.md5 = md5_file(path)
        directory = self.dir

        class Handler(http.server.SimpleHTTPRequestHandler):
            def __init__(self, *a, **kw):
                super().__init__(*a, directory=directory, **kw)

            def log_message(self, *a):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                                      Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever,
                                       daemon=True)
        self.thread.start()
        h.closers.append(self.close)

    def url(self, host="10.0.2.2"):
        return f"http://{host}:{self.port}/blob.bin"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class TcpSink:
    """A TCP listener on 127.0.0.1 in a thread that takes one connection,
    reads it to EOF and records its size, md5 and the time from the first
    byte to EOF."""

    def __init__(self, h):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(1)
        self.sock.settimeout(GUEST_TIMEOUT_S)
        self.port = self.sock.getsockname()[1]
        self.bytes, self.md5, self.secs = 0, None, None
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()
        h.closers.append(self.close)

    def _serve(self):
        try:
            conn, _ = self.sock.accept()
        except OSError:
            self.done.set()
            return
        h = hashlib.md5()
        t0 = None
        with conn:
            conn.settimeout(GUEST_TIMEOUT_S)
            try:
                while True:
                    data = conn.recv(1 << 18)
                    if not data:
                        break
                    if t0 is None:
                        t0 = time.monotonic()
                    self.bytes += len(data)
                    h.update(data)
            except OSError:
                pass
        if t0 is not None:
            self.secs = time.monotonic() - t0
        self.md5 = h.hexdigest()
        self.done.set()

    def wait(self, timeout=10):
        """Wait (bounded) for the connection to end; True when it did."""
        return self.done.wait(timeout)

    def close(self):
        self.sock.close()


class Harness:
    """Scratch dir, checks, and cleanup of everything a test started."""

    def __init__(self, args):
        self.qnet = os.path.abspath(args.qnet)
        self.shared = os.environ.get("QNET_SHARED_GUEST") or args.shared
        self.build_root = os.path.abspath(args.build_root)
        self.keep = args.keep
        self.passed, self.failed = [], []
        self.sessions, self.closers = [], []
        self.tmp = None
        self.kernel = self.initrd = None

    def check(self, name, cond, detail=""):
        """Record and print one assertion."""
        print(f"{'PASS' if cond else 'FAIL'} {name}", flush=True)
        (self.passed if cond else self.failed).append(name)
        if not cond and detail:
            print("  " + str(detail).replace("\n", "\n  "), flush=True)
        return cond

    def check_qnet(self, q, name):
        """qnet is still running and quits cleanly; returns its output
        (the monitor's `info network` at the end)."""
        rc, out = q.quit()
        self.check(f"{name}: qnet alive and quits cleanly", rc == 0,
                   f"rc={rc}\n" + out[-3000:])
        return out

    def run(self, body):
        """Run body(self); returns the exit status (0, 1 or 77)."""
        try:
            self.kernel, self.initrd = ensure_guest(self.build_root,
                                                    self.shared)
            if not os.access(self.qnet, os.X_OK):
                raise Skip(f"{self.qnet} is not built")
            self.tmp = tempfile.mkdtemp(prefix="qnet-guest-")
            body(self)
        except Skip as e:
            print(f"SKIP: {e}", flush=True)
            return SKIP
        except Terminated as e:
            self.check("harness: terminated (meson timeout?)", False, str(e))
        except Exception as e:            # a harness error is a failure
            traceback.print_exc()
            self.check(f"harness: {type(e).__name__}", False, str(e))
        finally:
            for closer in self.closers:
                try:
                    closer()
                except Exception:
                    pass
            for proc in self.sessions:
                kill_session(proc.pid)
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    pass
            if self.tmp and not self.keep and not self.failed:
                shutil.rmtree(self.tmp, ignore_errors=True)
            elif self.tmp:
                print(f"scratch files kept in {self.tmp}", flush=True)
        print(f"{len(self.passed)} passed, {len(self.failed)} failed",
              flush=True)
        return 1 if self.failed or not self.passed else 0


class Terminated(BaseException):
    """SIGTERM (meson's test timeout): unwinds so that cleanup runs."""


def _on_sigterm(signum, frame):
    raise Terminated(f"signal {signum}")


def main(body, extra=None):
    """Parse the common arguments, run body(harness), exit accordingly."""
    # Our processes live in sessions of their own, out of reach of a
    # signal to our process group: SIGTERM must run the cleanup.
    signal.signal(signal.SIGTERM, _on_sigterm)
    args = parse_args(extra)
    h = Harness(args)
    h.args = args
    sys.exit(h.run(body))
