#!/usr/bin/env python3
"""qnet-only tests of the program itself: help, version, option errors,
ignored QEMU options, signals and clean shutdown."""

import os
import signal
import subprocess
import sys
import time

from qnet_monitor import qnet_binary, run_session
from testlib import check, summary


def run(qnet, args, timeout=10):
    return subprocess.run([qnet] + args, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=timeout)


def test_help_and_version(qnet):
    for flag in ("-h", "-help", "--help"):
        p = run(qnet, [flag])
        check(f"help {flag}", p.returncode == 0 and
              p.stdout.startswith("usage: qnet") and "-netdev" in p.stdout,
              p.stdout + p.stderr)
    p = run(qnet, ["-version"])
    check("version", p.returncode == 0 and
          p.stdout.startswith("qnet version "), p.stdout)


def test_option_errors(qnet):
    cases = [
        (["-foo"], "qnet: -foo: invalid option\n"),
        (["-netdev"], "qnet: -netdev: requires an argument\n"),
        (["disk.img"], "qnet: disk.img: qnet takes no disk images or other "
                       "non-option arguments\n"),
        (["-serial", "stdio"], "qnet: -serial stdio: qnet has no serial "
                               "ports; only '-serial none' is accepted\n"),
    ]
    for args, expect in cases:
        p = run(qnet, ["-nodefaults"] + args)
        check(f"error {' '.join(args)}", p.returncode == 1 and
              p.stderr == expect and p.stdout == "",
              f"rc={p.returncode} stderr={p.stderr!r}")


def test_ignored_options(qnet):
    args = ["-M", "pc", "-m", "512", "-smp", "2", "-cpu", "max", "-name",
            "vm", "-accel", "tcg", "-enable-kvm", "-nographic", "-serial",
            "none", "-no-reboot", "-no-shutdown", "--netdev",
            "hubport,id=h,hubid=0", "-device", "e1000,netdev=h"]
    outs, err, rc = run_session(qnet, args, ["info network"])
    check("ignored options accepted", rc == 0 and outs[0] ==
          "hub 0\n \\ h: e1000.0: index=0,type=nic,model=e1000,"
          "macaddr=52:54:00:12:34:56\n", repr(outs) + err)


def test_signal_shutdown(qnet):
    for signo in (signal.SIGTERM, signal.SIGINT):
        p = subprocess.Popen([qnet, "-nodefaults", "-netdev", "user,id=u"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, start_new_session=True)
        time.sleep(0.3)
        p.send_signal(signo)
        try:
            out, err = p.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            out, err = p.communicate()
        expect = (f"qnet: terminating on signal {int(signo)} from pid "
                  f"{os.getpid()} (")
        check(f"signal {signo.name}", p.returncode == 0 and expect in err,
              f"rc={p.returncode} stderr={err!r}")


def main():
    qnet = qnet_binary(sys.argv)
    test_help_and_version(qnet)
    test_option_errors(qnet)
    test_ignored_options(qnet)
    test_signal_shutdown(qnet)
    return summary()


if __name__ == "__main__":
    sys.exit(main())
