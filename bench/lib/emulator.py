"""QEMU or qnet running a -netdev topology with its HMP monitor on stdio."""

import os
import re
import select
import subprocess
import tempfile
import time

from . import procs

PROMPT = b"(qemu) "
COMMON = ["-M", "none", "-nodefaults", "-display", "none",
          "-monitor", "stdio"]
# What qnet says for a backend or object another engineer has not landed yet.
MISSING_RE = re.compile(r"(?:network backend|object type) '([^']+)' is not "
                        r"implemented in qnet yet")
ANSI_RE = re.compile(rb"\x1b\[[0-9;]*[A-Za-z]")


class Unavailable(Exception):
    """The program lacks a backend the scenario needs (no number exists)."""


class Emulator:
    """One QEMU or qnet process; a context manager that always cleans up.

    The VM runs (no -S): a stopped QEMU queues every frame instead of
    forwarding it, which the benchmark verified on 7.2.22.
    """

    def __init__(self, binary, args, name, start_timeout=20.0, env=None):
        self.binary = binary
        self.args = list(args)
        self.name = name
        self.env = env                  # None: this process's environment
        self.start_timeout = start_timeout
        self.proc = None
        self.errfile = None
        self.out = b""
        self.startup_s = None

    def __enter__(self):
        try:
            self.start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc):
        self.close()

    def start(self):
        """Start the program and wait for its first monitor prompt."""
        # stderr goes to a file: thousands of warnings must never block it.
        self.errfile = tempfile.TemporaryFile()
        t0 = time.monotonic()
        try:
            self.proc = procs.spawn([self.binary] + COMMON + self.args,
                                    stdin=subprocess.PIPE,
                                    stdout=subprocess.PIPE,
                                    stderr=self.errfile, env=self.env)
        except OSError as e:
            # e.g. the binary is being relinked by a build right now
            raise procs.BenchError(f"{self.name} could not start: {e}")
        os.set_blocking(self.proc.stdout.fileno(), False)
        try:
            self._read_until_prompt(self.start_timeout)
        except procs.BenchError:
            self._raise_start_failure()
        self.startup_s = time.monotonic() - t0

    def _raise_start_failure(self):
        procs.stop(self.proc)
        err = self.stderr()
        m = MISSING_RE.search(err)
        if m:
            raise Unavailable(m.group(1))
        first = err.strip().splitlines()[:1] or ["no message"]
        raise procs.BenchError(f"{self.name} did not start: {first[0]}")

    def _read_until_prompt(self, timeout):
        deadline = time.monotonic() + timeout
        fd = self.proc.stdout.fileno()
        while not self.out.endswith(PROMPT):
            left = deadline - time.monotonic()
            if left <= 0 or self.proc.poll() is not None and \
                    not select.select([fd], [], [], 0)[0]:
                raise procs.BenchError(f"{self.name}: no monitor prompt")
            if select.select([fd], [], [], min(left, 0.2))[0]:
                chunk = os.read(fd, 65536)
                if not chunk and self.proc.poll() is not None:
                    raise procs.BenchError(f"{self.name}: exited")
                self.out += chunk
        text, self.out = self.out, b""
        return text

    def command(self, line, timeout=10.0):
        """Run one HMP command; return its output text (echo included)."""
        self.proc.stdin.write(line.encode() + b"\n")
        self.proc.stdin.flush()
        raw = self._read_until_prompt(timeout)
        return ANSI_RE.sub(b"", raw).decode(errors="replace")

    def netdev_info(self, ids):
        """{id: info string} from `info network` for each of @ids."""
        text = self.command("info network")
        found = {}
        for nid in ids:
            m = re.search(r"\b" + re.escape(nid) +
                          r": index=\d+,type=[\w-]+,([^\r\n]*)", text)
            found[nid] = m.group(1).strip() if m else None
        return found

    def wait_connected(self, ids, timeout=15.0):
        """Wait until every netdev in @ids shows a connection in its info."""
        def ready():
            info = self.netdev_info(ids)
            return all(v and v != "connection error" for v in info.values())
        procs.poll_until(ready, timeout, interval=0.05,
                         what=f"{self.name} to connect {', '.join(ids)}")

    def rss_kib(self):
        """Resident set size of the process, in KiB."""
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    def stderr(self):
        if not self.errfile:
            return ""
        self.errfile.seek(0)
        return self.errfile.read().decode(errors="replace")

    def close(self):
        """quit through the monitor, then make sure the group is gone."""
        if self.proc and self.proc.poll() is None:
            try:
                self.proc.stdin.write(b"quit\n")
                self.proc.stdin.flush()
                self.proc.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                pass
        if self.proc:
            procs.stop(self.proc)
            for f in (self.proc.stdin, self.proc.stdout):
                try:
                    f.close()
                except OSError:
                    pass
        if self.errfile:
            self.errfile.close()
            self.errfile = None
