"""Summaries of the benchmark: min/median/max per program, ratios, integrity lines."""

import statistics

IMPLS = ("ceiling", "qemu", "qnet")
INTEGRITY = ("lost", "reordered", "duplicated", "corrupt", "stray",
             "retransmits", "unpaced_lost")


def fmt(v, unit):
    """A number for a table cell, scaled for reading (1.93 M, 781 k)."""
    if v is None:
        return "-"
    if unit in ("frames/s", "bytes") and abs(v) >= 1e6:
        return f"{v / 1e6:.2f} M"
    if unit in ("frames/s", "bytes") and abs(v) >= 1e4:
        return f"{v / 1e3:.0f} k"
    if abs(v) >= 100:
        return f"{v:.0f}"
    return f"{v:.2f}" if abs(v) < 10 else f"{v:.1f}"


def integrity(res):
    """'lost=0 reordered=0 ...' for the counters a result carries."""
    return " ".join(f"{k}={res[k]:.0f}" if isinstance(res[k], (int, float))
                    else f"{k}={res[k]}" for k in INTEGRITY if k in res)


class Results:
    """Per scenario and program: the values of every round, or why none."""

    def __init__(self, scenarios):
        self.scenarios = scenarios
        self.values = {s.name: {i: [] for i in IMPLS} for s in scenarios}
        self.runs = {s.name: {i: [] for i in IMPLS} for s in scenarios}
        self.absent = {s.name: {} for s in scenarios}

    def add(self, scen, impl, res):
        self.values[scen.name][impl].append(res["value"])
        self.runs[scen.name][impl].append(res)

    def mark(self, scen, impl, why):
        self.absent[scen.name].setdefault(impl, why)

    def why_absent(self, scen, impl):
        return self.absent[scen.name].get(impl)

    def median(self, name, impl):
        v = self.values.get(name, {}).get(impl)
        return statistics.median(v) if v else None

    def cell(self, scen, impl):
        if impl not in scen.impls:
            return "n/a"
        v = self.values[scen.name][impl]
        if not v:
            return self.why_absent(scen, impl) or "-"
        u = scen.unit
        return (f"{fmt(statistics.median(v), u)} "
                f"[{fmt(min(v), u)} .. {fmt(max(v), u)}]")

    def ratio(self, scen):
        q, e = self.median(scen.name, "qnet"), self.median(scen.name, "qemu")
        if q is None or e is None or e == 0:
            return "-"
        return f"{q / e:.2f}x"

    def table(self):
        """The summary as lines of text (median [min .. max] per program)."""
        rows = [("scenario", "unit", "ceiling", "QEMU 7.2", "qnet",
                 "qnet/QEMU")]
        for s in self.scenarios:
            rows.append((s.name, s.unit, self.cell(s, "ceiling"),
                         self.cell(s, "qemu"), self.cell(s, "qnet"),
                         self.ratio(s)))
        widths = [max(len(r[c]) for r in rows) for c in range(len(rows[0]))]
        lines = []
        for n, r in enumerate(rows):
            lines.append("  ".join(x.ljust(w) for x, w in zip(r, widths))
                         .rstrip())
            if n == 0:
                lines.append("  ".join("-" * w for w in widths))
        return lines

    def rst_table(self):
        """The summary as an reStructuredText list-table (for docs/)."""
        out = [".. list-table::", "   :header-rows: 1", ""]
        rows = [("scenario", "unit", "ceiling", "QEMU 7.2", "qnet",
                 "qnet/QEMU")]
        for s in self.scenarios:
            rows.append((f"``{s.name}``", s.unit, self.cell(s, "ceiling"),
                         self.cell(s, "qemu"), self.cell(s, "qnet"),
                         self.ratio(s)))
        for r in rows:
            out.append(f"   * - {r[0]}")
            out += [f"     - {c}" for c in r[1:]]
        return out

    @staticmethod
    def _switch_loss(runs):
        """Where the unpaced vde trials lost, as the switch counted it."""
        lost = " / ".join(f"{r['unpaced_lost'] / r['unpaced_sent']:.0%}"
                          for r in runs)
        past = all(r["unpaced_switch_in"] == r["unpaced_switch_out"] ==
                   r["unpaced_sent"] for r in runs)
        where = ("every frame entered the switch from A and was sent on to "
                 "B's port, so the loss is on that port" if past else
                 "switch in/out " + ", ".join(
                     f"{r['unpaced_switch_in']}/{r['unpaced_switch_out']}"
                     for r in runs))
        return (f"lost {lost} of {runs[0]['unpaced_sent']} frames unpaced; "
                + where)

    def _alloc_lines(self):
        """The raw counts behind each alloc-* cell, round by round."""
        lines = []
        for s in self.scenarios:
            for impl in ("qemu", "qnet"):
                runs = [r for r in self.runs[s.name][impl] if "allocs" in r]
                if runs:
                    lines.append(f"{s.name}: {impl} allocations / frames "
                                 "forwarded: " + ", ".join(
                                     f"{r['allocs']} ({r['bytes']} B) / "
                                     f"{r['frames']}" for r in runs))
        return lines

    def derived(self):
        """Costs and ratios the issue quotes: dump cost, hub/direct RTT."""
        lines = []
        for s in self.scenarios:
            if not s.baseline:
                continue
            for impl in ("qemu", "qnet"):
                d, b = self.median(s.name, impl), self.median(s.baseline,
                                                              impl)
                if d is not None and b:
                    lines.append(f"{s.name}: filter-dump costs {impl} "
                                 f"{(1 - d / b) * 100:.0f}% of "
                                 f"{s.baseline}")
        for impl in ("qemu", "qnet"):
            h, c = self.median("rtt-stream-64", impl), \
                self.median("rtt-stream-64", "ceiling")
            if h is not None and c:
                lines.append(f"rtt-stream-64: a round trip through the "
                             f"{impl} hub is {h / c:.1f}x the direct one")
        for s in self.scenarios:
            for impl in IMPLS:
                runs = [r["unpaced_fps"] for r in self.runs[s.name][impl]
                        if "unpaced_fps" in r]
                if runs and impl != "ceiling":
                    lines.append(f"{s.name}: {impl} forwards "
                                 f"{fmt(statistics.median(runs), s.unit)} "
                                 "frames/s unpaced, with loss")
        for s in self.scenarios:
            for impl in ("qemu", "qnet"):
                runs = [r for r in self.runs[s.name][impl]
                        if "unpaced_switch_out" in r]
                if runs:
                    lines.append(f"{s.name}: {impl} "
                                 + self._switch_loss(runs))
        lines += self._alloc_lines()
        for name in ("hub-stream-64", "hub-stream-1514", "hub-dgram-64",
                     "hub-dgram-1514", "tap-hub-tcp"):
            c = self.median(name, "ceiling")
            for impl in ("qemu", "qnet"):
                v = self.median(name, impl)
                if v is not None and c:
                    lines.append(f"{name}: {impl} reaches {v / c * 100:.0f}%"
                                 " of the direct ceiling")
        return lines
