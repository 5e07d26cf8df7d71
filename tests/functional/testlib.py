"""What the functional test scripts share: PASS/FAIL records and the
closing count line, bounded waits, free loopback ports, process clean-up."""

import os
import signal
import socket
import subprocess
import time

SKIP = 77            # meson's exit status for a skipped test
WAIT_S = 10          # default bound of every wait

PASSED = []
FAILURES = []


def check(name, cond, detail=""):
    """Record and print one assertion; a failure prints @detail indented."""
    print(f"{'PASS' if cond else 'FAIL'} {name}", flush=True)
    (PASSED if cond else FAILURES).append(name)
    if not cond and detail:
        text = str(detail)
        if len(text) > 4000:
            text = text[:2000] + " [...] " + text[-2000:]
        print("  " + text.replace("\n", "\n  "), flush=True)
    return cond


def summary():
    """Print "N passed, N failed" (read by CI) and return the exit status."""
    print(f"{len(PASSED)} passed, {len(FAILURES)} failed", flush=True)
    return 1 if FAILURES else 0


def wait_until(pred, timeout=WAIT_S, step=0.02):
    """Poll pred() until true or timeout; returns its last value."""
    deadline = time.monotonic() + timeout
    while True:
        value = pred()
        if value or time.monotonic() >= deadline:
            return value
        time.sleep(step)


def free_port(kind=socket.SOCK_STREAM):
    """A port nobody uses on 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, kind) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop_process(proc, sig=signal.SIGKILL, timeout=WAIT_S):
    """Signal a process we started in its own session (and its group),
    and reap it; SIGKILL if it outlives @timeout."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            pass
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=timeout)
