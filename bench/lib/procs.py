"""Child processes of the benchmark: each in its own process group, bounded, always cleaned up."""

import os
import signal
import socket
import subprocess
import time

_live = []          # every Popen we started and have not reaped


class BenchError(Exception):
    """A run failed in a way that yields no number (reported, not fatal)."""


def spawn(argv, stdin=None, stdout=None, stderr=None, env=None):
    """Start argv in a new session (its own process group) and track it."""
    p = subprocess.Popen(argv, stdin=stdin, stdout=stdout, stderr=stderr,
                         env=env, start_new_session=True)
    _live.append(p)
    return p


def stop(p, grace=3.0):
    """End p's process group: SIGTERM, then SIGKILL after @grace seconds."""
    if p not in _live:
        return p.returncode
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5.0)):
        if p.poll() is not None:
            break
        try:
            os.killpg(p.pid, sig)
        except ProcessLookupError:
            break
        try:
            p.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            pass
    # The leader may be gone while the rest of its group lives on.
    try:
        os.killpg(p.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    if p.poll() is None:
        p.wait(timeout=5)
    _live.remove(p)
    return p.returncode


def wait(p, timeout):
    """Wait for p to exit by itself; on timeout stop it and raise BenchError."""
    try:
        p.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        stop(p)
        raise BenchError(f"{os.path.basename(p.args[0])} did not finish "
                         f"within {timeout:.0f} s")
    stop(p)
    return p.returncode


def stop_all():
    """Stop every process still tracked (newest first)."""
    for p in list(reversed(_live)):
        stop(p, grace=1.0)


def run(argv, timeout=30, check=True):
    """Run a short command to completion, bounded; return its stdout."""
    p = spawn(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
              stderr=subprocess.PIPE)
    try:
        out, err = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        stop(p)
        raise BenchError(f"{' '.join(argv)}: timed out after {timeout} s")
    stop(p)
    if check and p.returncode != 0:
        raise BenchError(f"{' '.join(argv)}: exit {p.returncode}: "
                         f"{err.decode(errors='replace').strip()}")
    return out.decode(errors="replace")


def free_port(kind=socket.SOCK_STREAM):
    """A port on 127.0.0.1 that is free right now (TCP or UDP)."""
    with socket.socket(socket.AF_INET, kind) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def free_ports(n, kind=socket.SOCK_STREAM):
    """@n distinct free ports."""
    ports = set()
    while len(ports) < n:
        ports.add(free_port(kind))
    return sorted(ports)


def poll_until(pred, timeout, interval=0.02, what="condition"):
    """Call pred() until it returns a true value or @timeout seconds pass."""
    deadline = time.monotonic() + timeout
    while True:
        v = pred()
        if v:
            return v
        if time.monotonic() > deadline:
            raise BenchError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(interval)
