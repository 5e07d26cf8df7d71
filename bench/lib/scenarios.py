"""The benchmark scenarios: one topology each, measured for the ceiling, QEMU and qnet."""

import os
import shutil
import socket

from . import netns, procs, vde
from .emulator import Emulator
from .traffic import rate_search

HOST = "127.0.0.1"


class Skipped(Exception):
    """A prerequisite of the scenario is missing on this machine."""


class Ctx:
    """What every scenario needs: programs, durations, a scratch folder."""

    def __init__(self, qemu, qnet, traffic, quick, tmpdir):
        self.bins = {"qemu": qemu, "qnet": qnet}
        self.traffic = traffic
        self.quick = quick
        self.flow_s = 0.7 if quick else 2.0       # one stream flow
        self.trial_s = 0.25 if quick else 0.5     # one UDP rate trial
        self.rtts = 5000 if quick else 20000      # round trips per run
        self.iperf_s = 2 if quick else 4
        self.tmpdir = tmpdir

    def emulator(self, impl, args, suffix=""):
        return Emulator(self.bins[impl], args, impl + suffix)


# -- -netdev building blocks (the same arguments for QEMU and qnet) ------

def stream_server(nid, port):
    return ["-netdev", f"stream,id={nid},server=on,addr.type=inet,"
            f"addr.host={HOST},addr.port={port}"]


def unix_server(nid, path):
    return ["-netdev", f"stream,id={nid},server=on,addr.type=unix,"
            f"addr.path={path}"]


def socket_listen(nid, port):
    return ["-netdev", f"socket,id={nid},listen={HOST}:{port}"]


def dgram(nid, local, remote):
    return ["-netdev", f"dgram,id={nid},local.type=inet,local.host={HOST},"
            f"local.port={local},remote.type=inet,remote.host={HOST},"
            f"remote.port={remote}"]


def hub(ids, hubid=0):
    args = []
    for nid in ids:
        args += ["-netdev", f"hubport,id=h{nid},hubid={hubid},netdev={nid}"]
    return args


def tap(nid, ifname):
    return ["-netdev", f"tap,id={nid},ifname={ifname},script=no,"
            "downscript=no"]


def dump(ctx, nid):
    path = os.path.join(ctx.tmpdir, "dump.pcap")
    return ["-object", f"filter-dump,id=dump0,netdev={nid},file={path}"]


def drop_dump(ctx):
    path = os.path.join(ctx.tmpdir, "dump.pcap")
    if os.path.exists(path):
        os.unlink(path)


def flow_result(r):
    return {"value": r["fps"], "mbps": r["mbps"], "lost": r["lost"],
            "reordered": r["reordered"], "duplicated": r["duplicated"],
            "corrupt": r["corrupt"], "frames": r["unique"]}


# -- scenarios -------------------------------------------------------------

def hub_stream(ctx, impl, kind, size, with_dump=False):
    """Frames from one stream/socket peer through a hub to another."""
    t = ctx.traffic
    if kind == "unix":
        paths = [os.path.join(ctx.tmpdir, f"{n}.sock") for n in "ab"]
        addrs = [f"unix:{p}" for p in paths]
        backends = unix_server("a", paths[0]) + unix_server("b", paths[1])
    else:
        ports = procs.free_ports(2)
        addrs = [f"tcp:{HOST}:{p}" for p in ports]
        make = stream_server if kind == "stream" else socket_listen
        backends = make("a", ports[0]) + make("b", ports[1])
    if impl == "ceiling":
        return flow_result(t.stream_flow(addrs[0], [addrs[0]], size,
                                         ctx.flow_s, listen=True))
    args = backends + hub("ab") + (dump(ctx, "a") if with_dump else [])
    try:
        with ctx.emulator(impl, args) as emu:
            return flow_result(t.stream_flow(addrs[0], [addrs[1]], size,
                                             ctx.flow_s, emu=emu,
                                             wait_ids=["a", "b"]))
    finally:
        drop_dump(ctx)


def hub_dgram(ctx, impl, size, with_dump=False):
    """Highest loss-free UDP rate through a hub between two dgram peers."""
    t = ctx.traffic
    udp = socket.SOCK_DGRAM
    p_a, p_b, src, dst = procs.free_ports(4, udp)
    if impl == "ceiling":
        def trial(rate, count):
            return t.udp_trial(f"udp:{HOST}:{dst}", f"{HOST}:{src}", dst,
                               size, rate, count)
        return search_result(rate_search(trial, 3e5, ctx.trial_s))
    args = dgram("a", p_a, src) + dgram("b", p_b, dst) + hub("ab")
    args += dump(ctx, "a") if with_dump else []
    try:
        with ctx.emulator(impl, args):
            def trial(rate, count):
                return t.udp_trial(f"udp:{HOST}:{p_a}", f"{HOST}:{src}", dst,
                                   size, rate, count)
            return search_result(rate_search(trial, 3e5, ctx.trial_s))
    finally:
        drop_dump(ctx)


def search_result(found):
    best, trials, clean = found
    if best is None:
        raise procs.BenchError("no loss-free rate found: "
                               f"{[(round(r), ok) for r, ok, _ in trials]}")
    unpaced = trials[0][2]
    res = {"value": best, "trials": [(round(rate), ok)
                                     for rate, ok, _ in trials],
           "unpaced_fps": unpaced["fps"], "unpaced_lost": unpaced["lost"],
           "unpaced_sent": unpaced["sent"]}
    for key in ("lost", "reordered", "duplicated", "corrupt"):
        res[key] = clean[key] if clean else None
    return res


class pinned:
    """Run the children started inside on the given CPUs (they inherit it)."""

    def __init__(self, cpus):
        self.cpus = cpus

    def __enter__(self):
        self.saved = os.sched_getaffinity(0)
        if self.cpus:
            os.sched_setaffinity(0, self.cpus)

    def __exit__(self, *exc):
        os.sched_setaffinity(0, self.saved)


def hub_rtt(ctx, impl, size=64, cpus=None):
    """Round trip: pingpong -> hub -> reflector -> hub -> pingpong."""
    with pinned(cpus):
        return rtt_run(ctx, impl, size)


def rtt_run(ctx, impl, size):
    t = ctx.traffic
    ports = procs.free_ports(2)
    addrs = [f"tcp:{HOST}:{p}" for p in ports]
    if impl == "ceiling":
        r = t.pingpong(addrs[0], addrs[0], size, ctx.rtts, listen=True)
    else:
        args = stream_server("a", ports[0]) + stream_server("b", ports[1])
        with ctx.emulator(impl, args + hub("ab")) as emu:
            r = t.pingpong(addrs[0], addrs[1], size, ctx.rtts, emu=emu,
                           wait_ids=["a", "b"])
    return {"value": r["median_us"], "min_us": r["min_us"],
            "p99_us": r["p99_us"], "lost": r["lost"], "stray": r["stray"]}


# The station the learning fan-out sends to: the sink announces it.
LEARN_ID = 7
LEARN_MAC = "02:71:6e:74:00:07"


def fanout(ctx, impl, nports, size=64, learning=False):
    """One source into a hub with @nports other stream ports, each a sink.

    @learning: the source sends unicast to a station the sink announces
    behind the first port; qnet's hub 0 is a learning one
    (-x-qnet-hub 0), QEMU's floods as it always does.  The value is then
    the rate at that station's port.
    """
    ports = procs.free_ports(nports + 1)
    ids = ["a"] + [f"b{i}" for i in range(nports)]
    args = []
    for nid, port in zip(ids, ports):
        args += stream_server(nid, port)
    src_extra, sink_extra, copies = (), (), nports
    if learning:
        src_extra = ("-d", LEARN_MAC)
        sink_extra = ("--hello", "-i", str(LEARN_ID))
        if impl == "qnet":
            args += ["-x-qnet-hub", "0,mode=learning"]
            copies = 1
    with ctx.emulator(impl, args + hub(ids)) as emu:
        r = ctx.traffic.stream_flow(
            f"tcp:{HOST}:{ports[0]}", [f"tcp:{HOST}:{p}" for p in ports[1:]],
            size, ctx.flow_s, emu=emu, wait_ids=ids, src_extra=src_extra,
            sink_extra=sink_extra)
    r["lost"] = r["sent"] * copies - r["unique"]
    res = flow_result(r)
    res["delivered_fps"] = r["fps"]
    res["value"] = r["fps"] / copies
    return res


def need_netns():
    reason = netns.missing_prerequisite()
    if reason:
        raise Skipped(reason)


def nat_tcp(ctx, impl, reverse):
    """iperf3 from a namespace on a tap, through the user backend (NAT)."""
    need_netns()
    port = procs.free_port()
    with netns.Namespaces() as nss:
        guest = nss.add("g")
        if impl == "ceiling":
            host = nss.add("h")
            nss.veth(guest, "10.203.0.2/24", host, "10.203.0.1/24")
            return iperf_result(netns.iperf3(host, "10.203.0.1", guest,
                                             "10.203.0.1", port, ctx.iperf_s,
                                             reverse))
        ifname = f"{nss.tag}t"
        args = tap("t", ifname) + ["-netdev", "user,id=u"] + hub(["t", "u"])
        with ctx.emulator(impl, args):
            nss.adopt_tap(ifname, guest, "10.0.2.15/24", gateway="10.0.2.2")
            # 10.0.2.2 is the user backend's host alias: it reaches the
            # iperf3 server on this namespace's 127.0.0.1.
            return iperf_result(netns.iperf3(None, HOST, guest, "10.0.2.2",
                                             port, ctx.iperf_s, reverse))


def tunnel(ctx, impl):
    """Two instances joined by a socket netdev, each with a tap in a namespace."""
    need_netns()
    port = procs.free_port()
    with netns.Namespaces() as nss:
        left, right = nss.add("l"), nss.add("r")
        if impl == "ceiling":
            nss.veth(left, "10.203.1.1/24", right, "10.203.1.2/24")
            return iperf_result(netns.iperf3(right, "10.203.1.2", left,
                                             "10.203.1.2", port,
                                             ctx.iperf_s))
        tl, tr = f"{nss.tag}l", f"{nss.tag}r"
        args_l = tap("t", tl) + socket_listen("s", port) + hub(["t", "s"])
        args_r = tap("t", tr) + ["-netdev", f"socket,id=s,connect={HOST}:"
                                 f"{port}"] + hub(["t", "s"])
        with ctx.emulator(impl, args_l, "-left") as el, \
                ctx.emulator(impl, args_r, "-right"):
            el.wait_connected(["s"])
            nss.adopt_tap(tl, left, "10.203.1.1/24")
            nss.adopt_tap(tr, right, "10.203.1.2/24")
            return iperf_result(netns.iperf3(right, "10.203.1.2", left,
                                             "10.203.1.2", port,
                                             ctx.iperf_s))


def need_ethtool():
    if not shutil.which("ethtool"):
        raise Skipped("needs ethtool (Debian package ethtool)")


def tap_hub(ctx, impl, offloads=False):
    """iperf3 between two namespaces, each on a tap, through one hub.

    The ceiling is a veth pair between the namespaces.  Taps without vnet
    headers carry MTU-sized frames, so every device (taps and veths) gets
    TSO/GSO/GRO off unless @offloads (the veth-only information row).
    """
    need_netns()
    need_ethtool()
    port = procs.free_port()
    with netns.Namespaces() as nss:
        left, right = nss.add("l"), nss.add("r")
        if impl == "ceiling":
            devs = nss.veth(left, "10.203.2.1/24", right, "10.203.2.2/24")
            for ns, dev in zip((left, right), devs):
                netns.set_offloads(ns, dev, offloads)
            return iperf_result(netns.iperf3(right, "10.203.2.2", left,
                                             "10.203.2.2", port,
                                             ctx.iperf_s))
        tl, tr = f"{nss.tag}l", f"{nss.tag}r"
        args = tap("t1", tl) + tap("t2", tr) + hub(["t1", "t2"])
        with ctx.emulator(impl, args):
            for ns, dev, addr in ((left, tl, "10.203.2.1/24"),
                                  (right, tr, "10.203.2.2/24")):
                nss.adopt_tap(dev, ns, addr)
                netns.set_offloads(ns, dev, False)
            return iperf_result(netns.iperf3(right, "10.203.2.2", left,
                                             "10.203.2.2", port,
                                             ctx.iperf_s))


def need_vde():
    reason = vde.missing_prerequisite()
    if reason:
        raise Skipped(reason)


class WaitAll:
    """Stands in for one emulator where a flow crosses several of them."""

    def __init__(self, pairs):
        self.pairs = pairs          # [(Emulator, [netdev ids])]

    def wait_connected(self, _ids):
        for emu, ids in self.pairs:
            emu.wait_connected(ids)


def vde_pair(ctx, impl, size):
    """Frames through two instances joined by a vde_switch.

    source -> stream a -> hub -> vde (A) -> vde_switch -> vde (B) -> hub
    -> stream b -> sink.  The switch drops what a port's socket cannot take
    (datagrams), so the result is the highest loss-free rate; the unpaced
    trial's delivered rate and loss are kept too.
    """
    need_vde()
    t = ctx.traffic
    with vde.Switch(ctx.tmpdir) as sw:
        pa, pb = procs.free_ports(2)
        args_a = stream_server("a", pa) + sw.netdev("v") + hub(["a", "v"])
        args_b = sw.netdev("v") + stream_server("b", pb) + hub(["v", "b"])
        with ctx.emulator(impl, args_a, "-A") as ea, \
                ctx.emulator(impl, args_b, "-B") as eb:
            both = WaitAll([(ea, ["a"]), (eb, ["b"])])
            switch = {}

            def trial(rate, count):
                # The switch's counters of the first (unpaced) trial say
                # where its losses happen: port 1 is A's, port 2 is B's.
                before = None if switch else sw.ports()
                r = t.stream_flow(f"tcp:{HOST}:{pa}", [f"tcp:{HOST}:{pb}"],
                                  size, None, emu=both, wait_ids=["a", "b"],
                                  count=count, rate=rate)
                if before is not None:
                    after = sw.ports()
                    if len(before) == len(after) == 2:
                        switch["in"] = after[0][0] - before[0][0]
                        switch["out"] = after[1][1] - before[1][1]
                return r

            res = search_result(rate_search(trial, 3e5, ctx.trial_s))
            if switch:
                res["unpaced_switch_in"] = switch["in"]
                res["unpaced_switch_out"] = switch["out"]
            return res


def iperf_result(r):
    return {"value": r["mbps"], "retransmits": r["retransmits"]}


def hubport_args(n):
    args = []
    for i in range(n):
        args += ["-netdev", f"hubport,id=p{i},hubid=0"]
    return args


def startup(ctx, impl, n=1000):
    """Time from exec to the first monitor prompt with @n hub ports."""
    with ctx.emulator(impl, hubport_args(n)) as emu:
        return {"value": emu.startup_s * 1000, "rss_kib": emu.rss_kib()}


def memory(ctx, impl, n=1000):
    """Resident memory per hub port: (RSS with @n ports - RSS with none) / n."""
    with ctx.emulator(impl, []) as base:
        rss0 = base.rss_kib()
    with ctx.emulator(impl, hubport_args(n)) as emu:
        rss = emu.rss_kib()
    return {"value": (rss - rss0) * 1024 / n, "rss0_kib": rss0,
            "rss_kib": rss}


class Scenario:
    """A named measurement: fn(ctx, impl) for each impl it applies to."""

    def __init__(self, name, title, unit, fn, impls=("ceiling", "qemu",
                                                     "qnet"),
                 higher_better=True, baseline=None):
        self.name, self.title, self.unit, self.fn = name, title, unit, fn
        self.impls = impls
        self.higher_better = higher_better
        self.baseline = baseline     # the scenario this one adds a cost to


NO_CEILING = ("qemu", "qnet")
FPS = "frames/s"


def all_scenarios():
    s = [
        Scenario("hub-stream-64", "hub, two stream (TCP) peers, 64 B", FPS,
                 lambda c, i: hub_stream(c, i, "stream", 64)),
        Scenario("hub-stream-1514", "hub, two stream (TCP) peers, 1514 B",
                 FPS, lambda c, i: hub_stream(c, i, "stream", 1514)),
        Scenario("hub-socket-64", "hub, two socket listen= peers, 64 B", FPS,
                 lambda c, i: hub_stream(c, i, "socket", 64)),
        Scenario("hub-socket-1514", "hub, two socket listen= peers, 1514 B",
                 FPS, lambda c, i: hub_stream(c, i, "socket", 1514)),
        Scenario("hub-unix-64", "hub, two stream (unix) peers, 64 B", FPS,
                 lambda c, i: hub_stream(c, i, "unix", 64)),
        Scenario("hub-dgram-64", "hub, two dgram (UDP) peers, 64 B, "
                 "loss-free", FPS, lambda c, i: hub_dgram(c, i, 64)),
        Scenario("hub-dgram-1514", "hub, two dgram (UDP) peers, 1514 B, "
                 "loss-free", FPS, lambda c, i: hub_dgram(c, i, 1514)),
        Scenario("dump-stream-64", "hub-stream-64 + filter-dump", FPS,
                 lambda c, i: hub_stream(c, i, "stream", 64, True),
                 NO_CEILING, baseline="hub-stream-64"),
        Scenario("dump-stream-1514", "hub-stream-1514 + filter-dump", FPS,
                 lambda c, i: hub_stream(c, i, "stream", 1514, True),
                 NO_CEILING, baseline="hub-stream-1514"),
        Scenario("dump-dgram-64", "hub-dgram-64 + filter-dump", FPS,
                 lambda c, i: hub_dgram(c, i, 64, True), NO_CEILING,
                 baseline="hub-dgram-64"),
        # On one CPU a round trip costs syscalls and context switches only;
        # across CPUs it adds wake-ups of idle vCPUs, which vary run to run.
        Scenario("rtt-stream-64", "round trip through a hub (stream, 64 B),"
                 " median, all on CPU 0", "us",
                 lambda c, i: hub_rtt(c, i, cpus={0}), higher_better=False),
        Scenario("rtt-stream-64-smp", "the same, free CPU placement", "us",
                 hub_rtt, higher_better=False),
    ]
    for n in (1, 4, 16):
        s.append(Scenario(f"fanout-{n}", f"hub fan-out: 1 source, {n} stream"
                          " sinks, 64 B, per port", FPS,
                          lambda c, i, n=n: fanout(c, i, n), NO_CEILING))
    s.append(Scenario("fanout-16-learning", "1 source, 16 stream ports, 64 B "
                      "unicast to the station behind one; qnet hub learning,"
                      " QEMU floods; at that port", FPS,
                      lambda c, i: fanout(c, i, 16, learning=True),
                      NO_CEILING))
    s += [
        Scenario("nat-tcp-up", "user NAT, TCP tap->host (iperf3)", "Mbit/s",
                 lambda c, i: nat_tcp(c, i, False)),
        Scenario("nat-tcp-down", "user NAT, TCP host->tap (iperf3 -R)",
                 "Mbit/s", lambda c, i: nat_tcp(c, i, True)),
        Scenario("tap-hub-tcp", "two taps in namespaces, one hub, "
                 "offloads off (iperf3)", "Mbit/s", tap_hub),
        Scenario("tap-hub-tcp-tso", "information: the veth ceiling "
                 "with TSO/GSO/GRO on", "Mbit/s",
                 lambda c, i: tap_hub(c, i, offloads=True), ("ceiling",)),
        Scenario("tunnel-tcp", "socket tunnel between two instances, taps "
                 "(iperf3)", "Mbit/s", tunnel),
        Scenario("vde-64", "two instances joined by vde_switch, 64 B, "
                 "loss-free", FPS, lambda c, i: vde_pair(c, i, 64),
                 NO_CEILING),
        Scenario("vde-1514", "two instances joined by vde_switch, 1514 B, "
                 "loss-free", FPS, lambda c, i: vde_pair(c, i, 1514),
                 NO_CEILING),
        Scenario("startup-1000", "start-up to the monitor prompt, 1000 "
                 "hubports", "ms", startup, NO_CEILING, higher_better=False),
        Scenario("memory-per-port", "resident memory per hubport (1000)",
                 "bytes", memory, NO_CEILING, higher_better=False),
    ]
    return s
