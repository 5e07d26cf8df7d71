"""Drive qnet-traffic: stream flows, UDP rate searches and ping-pong runs."""

import errno
import json
import os
import select
import socket
import subprocess
import time

from . import procs

BIG = 10 ** 12        # "unbounded" frame count for duration-bound sources


def _json_of(p, what):
    out = p.stdout.read().decode(errors="replace").strip().splitlines()
    err = p.stderr.read().decode(errors="replace").strip()
    if not out:
        raise procs.BenchError(f"{what} reported nothing"
                               + (f": {err.splitlines()[-1]}" if err else ""))
    return json.loads(out[-1])


def _report_line(p, timeout, what):
    """The JSON report of @p, read while it keeps running (--hold)."""
    fd = p.stdout.fileno()
    buf = b""
    deadline = time.monotonic() + timeout
    while not buf.endswith(b"\n"):
        left = deadline - time.monotonic()
        if left <= 0:
            raise procs.BenchError(f"{what} reported nothing within "
                                   f"{timeout:.0f} s")
        if select.select([fd], [], [], min(left, 0.2))[0]:
            chunk = os.read(fd, 4096)
            if not chunk:
                raise procs.BenchError(f"{what} exited without a report")
            buf += chunk
    return json.loads(buf.decode(errors="replace").splitlines()[-1])


def _udp_bound(port):
    """True once something is bound to UDP 127.0.0.1:port."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError as e:
            return e.errno == errno.EADDRINUSE
    return False


class Traffic:
    """The qnet-traffic binary and the flows built from it."""

    def __init__(self, path):
        self.path = path

    def _start(self, mode, args):
        return procs.spawn([self.path, mode, "--json"] + args,
                           stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE)

    def _finish(self, p, timeout, what):
        procs.wait(p, timeout)
        return _json_of(p, what)

    def _go(self, source, emu, wait_ids):
        if emu is not None and wait_ids:
            emu.wait_connected(wait_ids)
        source.stdin.write(b"go\n")
        source.stdin.close()

    def stream_flow(self, src, sinks, size, duration, emu=None,
                    wait_ids=None, listen=False, count=None, rate=0,
                    src_extra=(), sink_extra=()):
        """Send for @duration s from @src to every address in @sinks.

        @listen: the sink listens on sinks[0] (direct, tool to tool).
        @count (with @duration None): send that many frames instead, at
        @rate frames/s (0: unpaced); the sink stops once it has them all
        or after 0.7 s without a frame.
        @src_extra, @sink_extra: more arguments for the tools.
        Returns fps/mbps at the sink and the integrity counters, where
        lost counts frames sent but never received on each stream.
        """
        sink_args = (["-l", sinks[0]] if listen else
                     [a for s in sinks for a in ("-c", s)])
        idle = "1500" if count is None else "700"
        sink = self._start("sink", sink_args + [
            "-n", str(count or 0), "-s", str(size), "-t", idle,
            "-T", "30000"] + list(sink_extra))
        src_args = ["-c", src, "-n", str(count or BIG), "-s", str(size),
                    "-w"] + list(src_extra)
        if duration is not None:
            src_args += ["-D", str(int(duration * 1000))]
            limit = duration + 60
        else:
            limit = count / max(rate, 1e4) + 60
        if rate:
            src_args += ["-r", str(int(rate))]
        source = self._start("source", src_args)
        try:
            self._go(source, emu, wait_ids)
            sent = self._finish(source, limit, "source")
            got = self._finish(sink, 60, "sink")
        finally:
            procs.stop(source)
            procs.stop(sink)
        got["sent"] = sent["frames"]
        got["send_fps"] = sent["fps"]
        got["lost"] = sent["frames"] * len(sinks) - got["unique"]
        return got

    def counted_flow(self, src, sink, size, count, mark, rate=0, emu=None,
                     wait_ids=None, bind=None):
        """@count frames from @src to a sink on @sink, inside a window.

        Both tools keep their sockets open until this is done (--hold), so
        the window holds forwarding only: mark() runs once everything is
        connected, just before the first frame, and again once the sink
        has every frame (or went 0.7 s without one), before any socket
        closes.  A udp: @sink is bound to; @bind is then the source's
        local HOST:PORT.  @rate: frames/s (0: unpaced).
        Returns the sink's counters, "sent", "lost" and "marks" (what the
        two mark() calls returned).
        """
        udp = sink.startswith("udp:")
        sink_p = self._start("sink", [
            "-l" if udp else "-c", sink, "-n", str(count), "-s", str(size),
            "-t", "700", "-T", "30000", "-H"])
        source = None
        try:
            if udp:
                port = int(sink.rsplit(":", 1)[1])
                procs.poll_until(lambda: _udp_bound(port), 10,
                                 what="the UDP sink to bind")
            src_args = ["-c", src, "-n", str(count), "-s", str(size), "-w",
                        "-H"] + (["-b", bind] if bind else [])
            if rate:
                src_args += ["-r", str(int(rate))]
            source = self._start("source", src_args)
            if emu is not None and wait_ids:
                emu.wait_connected(wait_ids)
            first = mark()
            source.stdin.write(b"go\n")
            source.stdin.flush()
            got = _report_line(sink_p, count / max(rate, 1e5) + 60, "sink")
            last = mark()
            sent = _report_line(source, 30, "source")
            for p in (source, sink_p):
                p.stdin.close()
                procs.wait(p, 10)
        finally:
            if source:
                procs.stop(source)
            procs.stop(sink_p)
        got["sent"] = sent["frames"]
        got["lost"] = sent["frames"] - got["unique"]
        got["marks"] = (first, last)
        return got

    def udp_trial(self, src, bind, sink_port, size, rate, count, emu=None):
        """Send @count frames at @rate (0 = unpaced) over UDP; sink counts."""
        sink = self._start("sink", [
            "-l", f"udp:127.0.0.1:{sink_port}", "-n", str(count),
            "-s", str(size), "-t", "700", "-T", "30000"])
        source = None
        try:
            procs.poll_until(lambda: _udp_bound(sink_port), 10,
                             what="the UDP sink to bind")
            source = self._start("source", [
                "-c", src, "-b", bind, "-n", str(count), "-s", str(size),
                "-r", str(int(rate)), "-w"])
            self._go(source, None, None)
            sent = self._finish(source, count / max(rate, 1e4) + 60,
                                "source")
            got = self._finish(sink, 60, "sink")
        finally:
            if source:
                procs.stop(source)
            procs.stop(sink)
        got["sent"] = sent["frames"]
        got["send_fps"] = sent["fps"]
        got["lost"] = count - got["unique"]
        return got

    def pingpong(self, ping, refl, size, count, emu=None, wait_ids=None,
                 listen=False):
        """@count round trips from @ping through to a reflector at @refl."""
        refl_args = ["-l", refl] if listen else ["-c", refl]
        reflector = self._start("reflector", refl_args + [
            "-s", str(size), "-T", "30000", "-i", "65000"])
        pinger = self._start("pingpong", [
            "-c", ping, "-n", str(count), "-s", str(size), "-w",
            "-t", "2000"])
        try:
            self._go(pinger, emu, wait_ids)
            res = self._finish(pinger, count * 0.01 + 60, "pingpong")
        finally:
            procs.stop(pinger)
            procs.stop(reflector)
        return res


def rate_search(trial, start_rate, seconds, max_steps=8, precision=1.05):
    """Highest rate at which trial(rate, count) loses nothing.

    The first trial runs unpaced; if it loses nothing, its delivered rate is
    the answer (the source was the limit).  Otherwise a bisection between 0
    and the unpaced send rate, starting from the unpaced delivered rate; the
    answer must then pass once more (else 10% lower is tried, three times
    at most), so one lucky trial does not make the number.
    Returns (best_rate, trials, last_clean_result); trials is a list of
    (rate, clean, result).
    """
    trials = []

    def attempt(rate):
        count = max(int((rate or start_rate) * seconds), 2000)
        r = trial(rate, count)
        clean = r["lost"] == 0 and r["corrupt"] == 0
        trials.append((rate, clean, r))
        return clean, r

    clean, first = attempt(0)
    if clean:
        return first["fps"], trials, first
    lo, hi, best = 0.0, first["send_fps"], None
    rate = max(first["fps"] * 0.95, 1000.0)
    for _ in range(max_steps):
        clean, r = attempt(rate)
        if clean:
            lo, best = rate, r
        else:
            hi = rate
        if lo and hi / lo <= precision:
            break
        rate = (lo + hi) / 2 if lo else rate / 2
    for _ in range(6 if lo else 0):
        clean, r = attempt(lo)
        if clean:
            return lo, trials, r
        lo *= 0.85
    return None, trials, None
