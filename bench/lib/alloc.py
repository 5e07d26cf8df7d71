"""Heap allocations per million frames forwarded, counted by bench/alloc-count.c."""

import os
import socket
import struct
import subprocess
import time

from . import procs
from .emulator import Emulator
from .scenarios import (HOST, NO_CEILING, Scenario, Skipped, dgram, drop_dump,
                        dump, hub, stream_server)

UNIT = "allocs/M frames"
SHIM = "qnet-alloc-count.so"
CHECK = "qnet-alloc-check"
# Frames per counted window: enough that a one-off allocation shows as at
# most 1 per million (64 B, stream); dgram frames are paced.
FRAMES = {"stream": 1000000, "dgram": 50000}
QUICK_FRAMES = {"stream": 200000, "dgram": 20000}
# The paced dgram rate: below both programs' loss-free rates on a loaded
# 2-vCPU machine (docs/performance.rst: QEMU lost 20-28% at 20 k/s at a
# load average of 5), so few frames are lost.
DGRAM_RATE = 10000


class Counter:
    """The file the library maps: allocations, frees, bytes (3 x u64)."""

    def __init__(self, path):
        self.path = path
        with open(path, "wb") as f:
            f.write(bytes(4096))

    def read(self):
        with open(self.path, "rb") as f:
            return struct.unpack("<3Q", f.read(24))

    def settled(self, quiet=0.05, limit=2.0):
        """The counters once they have not moved for @quiet s (at most
        @limit s of waiting): the program has finished what it was doing."""
        deadline = time.monotonic() + limit
        last = self.read()
        while time.monotonic() < deadline:
            time.sleep(quiet)
            now = self.read()
            if now == last:
                break
            last = now
        return last

    def env(self, shim):
        env = dict(os.environ)
        pre = env.get("LD_PRELOAD")
        env["LD_PRELOAD"] = shim + (" " + pre if pre else "")
        env["QNET_ALLOC_COUNT_FILE"] = self.path
        # GLib 2.74's slice allocator would serve small blocks from its own
        # magazines without calling malloc; this makes g_slice_* malloc.
        env["G_SLICE"] = "always-malloc"
        return env


class Shim:
    """The preload library and its one self-check per bench run."""

    def __init__(self, path):
        self.path = path
        self.checked = None

    def ready(self, tmpdir):
        if not os.path.exists(self.path):
            raise Skipped(f"needs {self.path} (run `make`)")
        if self.checked is None:
            self.checked = self._check(tmpdir)
        if self.checked:
            raise procs.BenchError(f"allocation counter: {self.checked}")

    def _check(self, tmpdir):
        """'' if the library counts a known run exactly, else why not."""
        counter = Counter(os.path.join(tmpdir, "alloc-check.bin"))
        prog = os.path.join(os.path.dirname(self.path), CHECK)
        p = procs.spawn([prog], stdout=subprocess.PIPE,
                        stderr=subprocess.STDOUT, env=counter.env(self.path))
        try:
            out = p.communicate(timeout=30)[0].decode(errors="replace")
        except subprocess.TimeoutExpired:
            out = "timed out"
        procs.stop(p)
        os.unlink(counter.path)
        if p.returncode == 0:
            return ""
        return f"self-check failed: {out.strip() or p.returncode}"


def alloc_result(r):
    (a0, f0, b0), (a1, f1, b1) = r["marks"]
    frames = r["unique"]
    if not frames:
        raise procs.BenchError("no frame reached the sink")
    return {"value": (a1 - a0) * 1e6 / frames, "allocs": a1 - a0,
            "frees": f1 - f0, "bytes": b1 - b0, "frames": frames,
            "sent": r["sent"], "fps": r["fps"], "lost": r["lost"],
            "reordered": r["reordered"], "duplicated": r["duplicated"],
            "corrupt": r["corrupt"]}


def counted(ctx, impl, shim, args, flow):
    """Run @impl on @args with the library preloaded; flow(emu, mark)."""
    shim.ready(ctx.tmpdir)
    counter = Counter(os.path.join(ctx.tmpdir, f"alloc-{impl}.bin"))
    try:
        with Emulator(ctx.bins[impl], args, impl,
                      env=counter.env(shim.path)) as emu:
            return alloc_result(flow(emu, counter.settled))
    finally:
        os.unlink(counter.path)
        drop_dump(ctx)


def frames(ctx, kind):
    return (QUICK_FRAMES if ctx.quick else FRAMES)[kind]


def alloc_stream(ctx, impl, shim, size, with_dump=False):
    """hub-stream (or dump-stream): a fixed count of frames, counted."""
    ports = procs.free_ports(2)
    args = stream_server("a", ports[0]) + stream_server("b", ports[1])
    args += hub("ab") + (dump(ctx, "a") if with_dump else [])

    def flow(emu, mark):
        return ctx.traffic.counted_flow(
            f"tcp:{HOST}:{ports[0]}", f"tcp:{HOST}:{ports[1]}", size,
            frames(ctx, "stream"), mark, emu=emu, wait_ids=["a", "b"])
    return counted(ctx, impl, shim, args, flow)


def alloc_dgram(ctx, impl, shim, size):
    """hub-dgram at a fixed paced rate, counted."""
    p_a, p_b, src, dst = procs.free_ports(4, socket.SOCK_DGRAM)
    args = dgram("a", p_a, src) + dgram("b", p_b, dst) + hub("ab")

    def flow(emu, mark):
        return ctx.traffic.counted_flow(
            f"udp:{HOST}:{p_a}", f"udp:{HOST}:{dst}", size,
            frames(ctx, "dgram"), mark, rate=DGRAM_RATE,
            bind=f"{HOST}:{src}")
    return counted(ctx, impl, shim, args, flow)


def all_scenarios(shim_path):
    """The alloc-* scenarios; @shim_path is the built preload library."""
    shim = Shim(shim_path)

    def make(name, title, fn):
        return Scenario(name, title + ": heap allocations per million "
                        "frames", UNIT, fn, NO_CEILING, higher_better=False)
    return [
        make("alloc-hub-stream-64", "hub-stream-64",
             lambda c, i: alloc_stream(c, i, shim, 64)),
        make("alloc-hub-stream-1514", "hub-stream-1514",
             lambda c, i: alloc_stream(c, i, shim, 1514)),
        make("alloc-hub-dgram-64", f"hub-dgram-64 paced at "
             f"{DGRAM_RATE // 1000} k frames/s",
             lambda c, i: alloc_dgram(c, i, shim, 64)),
        make("alloc-dump-stream-64", "dump-stream-64",
             lambda c, i: alloc_stream(c, i, shim, 64, True)),
    ]
