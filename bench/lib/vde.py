"""A vde_switch the benchmark starts, with its port counters."""

import os
import re
import shutil
import socket
import subprocess

from . import procs


def missing_prerequisite():
    """Why the vde scenarios cannot run here, or None when they can."""
    if not shutil.which("vde_switch"):
        return "needs vde_switch (Debian package vde2)"
    return None


class Switch:
    """vde_switch in the foreground, its control directory in @tmpdir.

    Its console is a pipe we hold open (EOF on it would end the switch);
    its management socket gives per-port counters (port/print).
    """

    def __init__(self, tmpdir, name="sw"):
        self.path = os.path.join(tmpdir, name)
        self.mgmt = self.path + ".mgmt"
        self.proc = None

    def __enter__(self):
        try:
            self.proc = procs.spawn(["vde_switch", "-s", self.path,
                                     "-M", self.mgmt],
                                    stdin=subprocess.PIPE,
                                    stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)
            procs.poll_until(lambda: os.path.exists(
                os.path.join(self.path, "ctl")), 10, what="vde_switch")
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc):
        self.close()

    def netdev(self, nid):
        """The -netdev argument of a port on this switch."""
        return ["-netdev", f"vde,id={nid},sock={self.path}"]

    def ports(self):
        """[(in_pkts, out_pkts)] of the connected ports, by port number.

        OUT counts every frame the switch forwards to the port, also one
        the port's socket cannot take and the switch therefore drops
        (observed: OUT 200,000 while the port read 116,254).
        """
        text = self._mgmt("port/print")
        table = []
        for block in text.split("\nPort ")[1:]:
            counts = re.findall(r"(IN|OUT):\s+pkts\s+(\d+)", block)
            if len(counts) == 2:
                table.append((int(block[:4]), int(counts[0][1]),
                              int(counts[1][1])))
        return [(i, o) for _, i, o in sorted(table)]

    def _mgmt(self, command, timeout=5.0):
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(timeout)
            sock.connect(self.mgmt)
            text = b""
            while not text.endswith(b"vde$ "):          # the banner
                chunk = sock.recv(65536)
                if not chunk:
                    raise procs.BenchError("vde_switch closed its console")
                text += chunk
            sock.sendall(command.encode() + b"\n")
            text = b""
            # The reply ends with a status line such as "1000 Success".
            while not re.search(rb"\n\d{4} [^\n]*\n", text):
                chunk = sock.recv(65536)
                if not chunk:
                    break
                text += chunk
        return text.decode("utf-8", "replace")

    def close(self):
        if self.proc:
            procs.stop(self.proc)
            for f in (self.proc.stdin,):
                try:
                    f.close()
                except OSError:
                    pass
            self.proc = None
        shutil.rmtree(self.path, ignore_errors=True)
        if os.path.exists(self.mgmt):
            os.unlink(self.mgmt)
