#!/usr/bin/env python3
"""tap and bridge netdevs of a real qnet against real Linux stacks in network namespaces.

Every qnet runs in a private "host" namespace the test creates; its taps are
moved into further namespaces that play the guests, and those talk through
qnet with ping and a byte-exact TCP stream.  Scenarios:

  hub        two taps joined by hub 0: ping, TCP echo, set_link off/on,
             netdev_del (the interface goes away), quit (the other goes too)
  bridge     -netdev bridge with qnet-bridge-helper (ACL in a temp file):
             a namespace reaches the host through the bridge; a denying ACL
             gives QEMU's errors; tap,helper= puts a tap on the bridge too
  qemu-helper  the same bridge through QEMU's qemu-bridge-helper (its ACL
             file /etc/qemu/bridge.conf is provided in a private mount
             namespace); skipped when QEMU's helper is not installed
  multiqueue queues=4: four queues attached in the kernel, traffic through
             queue 0 (behind a hub), netdev_del removes the interface
  scripts    script=/downscript= run with the interface name, the down
             script while the interface still exists
  setuid     qnet run as nobody, qnet-bridge-helper installed setuid root
             (its ACL file provided in a private mount namespace)

Requires root, /dev/net/tun, iproute2 and ping (or busybox); exits 77 with
the reason when one is missing.  Names carry the test's pid; everything is
removed in finally blocks, also on failure.

Usage: test_tap_netns.py --qnet build/qnet [--helper PATH] [--only NAME]
"""

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile

from netns_guest import Qnet, TestFailure, wait_until

SKIP = 77
WAIT_S = 15          # any single wait
STREAM_BYTES = 4 << 20


def log(msg):
    print(msg, flush=True)


def check(cond, msg):
    if not cond:
        raise TestFailure(msg)


def run(cmd, ns=None, check_rc=True, timeout=WAIT_S, env=None):
    """Runs @cmd (a list), in namespace @ns when given; returns the result."""
    if ns:
        cmd = ["ip", "netns", "exec", ns] + cmd
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True, timeout=timeout, env=env)
    if check_rc and r.returncode != 0:
        raise TestFailure(f"{' '.join(cmd)}: exit {r.returncode}: "
                          f"{r.stderr.strip()}")
    return r


def link_exists(ns, ifname):
    return run(["ip", "-n", ns, "link", "show", ifname], check_rc=False,
               timeout=5).returncode == 0


# ---------------------------------------------------------------- traffic

ECHO_SERVER = r"""
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[1], int(sys.argv[2])))
s.listen(1)
s.settimeout(60)
print("ready", flush=True)
c, _ = s.accept()
c.settimeout(60)
while True:
    d = c.recv(65536)
    if not d:
        break
    c.sendall(d)
c.shutdown(socket.SHUT_WR)
c.close()
"""

ECHO_CLIENT = r"""
import random, socket, sys, threading
data = random.Random(int(sys.argv[3])).randbytes(int(sys.argv[4]))
c = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=60)
def send():
    c.sendall(data)
    c.shutdown(socket.SHUT_WR)
t = threading.Thread(target=send)
t.start()
got = bytearray()
while True:
    d = c.recv(65536)
    if not d:
        break
    got += d
t.join()
if bytes(got) != data:
    print("mismatch: sent %d, got %d" % (len(data), len(got)))
    sys.exit(1)
print("ok %d" % len(got))
"""


def tcp_echo(server_ns, client_ns, addr, port):
    """Sends STREAM_BYTES from @client_ns to @addr:@port and back, exactly."""
    server = subprocess.Popen(
        ["ip", "netns", "exec", server_ns, sys.executable, "-c", ECHO_SERVER,
         addr, str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, start_new_session=True)
    try:
        if server.stdout.readline().strip() != "ready":
            server.wait(timeout=WAIT_S)
            raise TestFailure("echo server did not start: " +
                              server.stderr.read())
        r = run([sys.executable, "-c", ECHO_CLIENT, addr, str(port),
                 str(os.getpid()), str(STREAM_BYTES)], ns=client_ns,
                check_rc=False, timeout=120)
        check(r.returncode == 0, f"TCP echo {client_ns} -> {addr}: "
              f"{r.stdout.strip()} {r.stderr.strip()}")
        check(r.stdout.strip() == f"ok {STREAM_BYTES}", r.stdout)
        server.wait(timeout=WAIT_S)
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def ping_cmd():
    if shutil.which("ping"):
        return ["ping"]
    return ["busybox", "ping"]


def ping(ns, addr, count=3, deadline=10):
    r = run(ping_cmd() + ["-c", str(count), "-w", str(deadline), addr],
            ns=ns, check_rc=False, timeout=deadline + 10)
    return r.returncode == 0


def ns_mac(ns, ifname):
    r = run(["cat", f"/sys/class/net/{ifname}/address"], ns=ns)
    return r.stdout.strip()


# ---------------------------------------------------------------- scenarios

class Env:
    """Names and namespaces of one test run."""

    def __init__(self, args):
        self.args = args
        s = os.getpid() % 100000
        self.suffix = s
        self.host = f"qnh{s}"
        self.ns1 = f"qna{s}"
        self.ns2 = f"qnb{s}"
        self.t1 = f"qt1{s}"
        self.t2 = f"qt2{s}"
        self.tm = f"qtm{s}"
        self.br = f"qbr{s}"
        self.tmp = tempfile.mkdtemp(prefix="qnet-tap-netns-")
        self.procs = []

    def qnet(self, qargs, env=None, wrap=None):
        q = Qnet(self.args.qnet, qargs, self.host, env=env, wrap=wrap)
        self.procs.append(q)
        return q

    def setup(self):
        for ns in (self.host, self.ns1, self.ns2):
            run(["ip", "netns", "add", ns])
            run(["ip", "-n", ns, "link", "set", "lo", "up"])

    def teardown(self):
        for q in self.procs:
            q.kill()
        for ns in (self.ns1, self.ns2, self.host):
            run(["ip", "netns", "del", ns], check_rc=False)
        shutil.rmtree(self.tmp, ignore_errors=True)

    def move(self, ifname, ns, cidr):
        run(["ip", "-n", self.host, "link", "set", ifname, "netns", ns])
        run(["ip", "-n", ns, "addr", "add", cidr, "dev", ifname])
        run(["ip", "-n", ns, "link", "set", ifname, "up"])

    def tap_args(self, nid, ifname, extra=""):
        return ["-netdev", f"tap,id={nid},ifname={ifname},script=no,"
                f"downscript=no{extra}"]


def hubports(*pairs):
    out = []
    for port, netdev in pairs:
        out += ["-netdev", f"hubport,id={port},hubid=0,netdev={netdev}"]
    return out


def scenario_hub(env):
    q = env.qnet(env.tap_args("t1", env.t1) + env.tap_args("t2", env.t2) +
                 hubports(("h1", "t1"), ("h2", "t2")))
    check(q.started(), "qnet did not start: " + q.stderr())
    info = q.hmp("info network")
    want = (f"hub 0\n"
            f" \\ h2: t2: index=0,type=tap,ifname={env.t2},script=no,"
            f"downscript=no\n"
            f" \\ h1: t1: index=0,type=tap,ifname={env.t1},script=no,"
            f"downscript=no")
    check(info == want, f"info network:\n{info}\nwanted:\n{want}")
    env.move(env.t1, env.ns1, "10.77.0.1/24")
    env.move(env.t2, env.ns2, "10.77.0.2/24")

    check(ping(env.ns1, "10.77.0.2"), "ping ns1 -> ns2 through the hub")
    tcp_echo(env.ns2, env.ns1, "10.77.0.2", 7001)
    log("  ping and a byte-exact TCP echo through hub 0")

    check(q.hmp("set_link t1 off") == "", "set_link t1 off")
    check(not ping(env.ns1, "10.77.0.2", count=2, deadline=3),
          "ping went through with t1's link down")
    check(q.hmp("set_link t1 on") == "", "set_link t1 on")
    check(ping(env.ns1, "10.77.0.2"), "ping after set_link t1 on")
    log("  set_link off stops traffic, on restores it")

    check(q.hmp("netdev_del t1") == "", "netdev_del t1")
    wait_until(lambda: not link_exists(env.ns1, env.t1),
               f"{env.t1} to disappear after netdev_del")
    info = q.hmp("info network")
    check(info == (f"hub 0\n \\ h2: t2: index=0,type=tap,ifname={env.t2},"
                   f"script=no,downscript=no\n \\ h1"), info)
    check(q.quit() == 0, "quit: " + q.stderr())
    wait_until(lambda: not link_exists(env.ns2, env.t2),
               f"{env.t2} to disappear after quit")
    log("  netdev_del and quit remove the interfaces")


def bridge_up(env):
    run(["ip", "-n", env.host, "link", "add", env.br, "type", "bridge"])
    run(["ip", "-n", env.host, "addr", "add", "10.78.0.1/24", "dev", env.br])
    run(["ip", "-n", env.host, "link", "set", env.br, "up"])


def bridge_ports(env):
    r = run(["ip", "-n", env.host, "-o", "link", "show", "master", env.br])
    return [line.split(":")[1].strip().split("@")[0]
            for line in r.stdout.splitlines()]


def acl_env(env, text):
    path = os.path.join(env.tmp, "bridge.conf")
    with open(path, "w") as f:
        f.write(text)
    e = dict(os.environ)
    e["QNET_BRIDGE_HELPER_ACL"] = path
    return e


def scenario_bridge(env):
    helper = env.args.helper
    if not os.access(helper, os.X_OK):
        raise TestFailure(f"{helper} is missing (build qnet-bridge-helper)")
    bridge_up(env)
    opt = f"bridge,id=b0,br={env.br},helper={helper}"

    # A denying ACL: the helper's words, then QEMU's.
    q = env.qnet(["-netdev", opt], env=acl_env(env, "allow all\ndeny all\n"))
    check(not q.started(), "qnet started with a denying ACL")
    check(q.wait() == 1, "exit status with a denying ACL")
    err = q.stderr()
    check("access denied by acl file\n" in err, err)
    check(f"qnet: -netdev {opt}: bridge helper failed\n" in err, err)
    check(bridge_ports(env) == [], "a tap was left on the bridge")

    e = acl_env(env, f"# test\nallow {env.br}\n")
    q = env.qnet(["-netdev", opt] + env.tap_args("t1", env.t1) +
                 hubports(("h0", "b0"), ("h1", "t1")), env=e)
    check(q.started(), "qnet did not start: " + q.stderr())
    info = q.hmp("info network")
    check(f" \\ h0: b0: index=0,type=tap,helper={helper},br={env.br}" in
          info, info)
    ports = bridge_ports(env)
    check(len(ports) == 1, f"bridge ports: {ports}")
    check(ns_mac(env.host, ports[0]).startswith("fe:"),
          "the helper's tap has no 0xfe MAC")
    env.move(env.t1, env.ns1, "10.78.0.2/24")
    check(ping(env.ns1, "10.78.0.1"), "ping ns1 -> host through the bridge")
    tcp_echo(env.host, env.ns1, "10.78.0.1", 7002)
    check(q.quit() == 0, "quit: " + q.stderr())
    wait_until(lambda: bridge_ports(env) == [], "the bridge port to go")
    log("  qnet-bridge-helper: ACL deny/allow, ping and TCP echo to the host")

    # tap,helper= is the same with the tap's info text.
    q = env.qnet(["-netdev", f"tap,id=b1,helper={helper},br={env.br}"],
                 env=e)
    check(q.started(), "qnet did not start: " + q.stderr())
    info = q.hmp("info network")
    check(info == f"b1: index=0,type=tap,helper={helper}", info)
    check(len(bridge_ports(env)) == 1, "tap,helper= made no bridge port")
    check(q.quit() == 0, "quit")
    log("  tap,helper=,br= puts a tap on the bridge")


QEMU_HELPER = "/usr/lib/qemu/qemu-bridge-helper"


def scenario_qemu_helper(env):
    if not os.access(QEMU_HELPER, os.X_OK):
        return f"{QEMU_HELPER} is not installed"
    if os.path.exists("/etc/qemu/bridge.conf"):
        return "/etc/qemu/bridge.conf exists; the test does not touch it"
    upper = os.path.join(env.tmp, "upper")
    work = os.path.join(env.tmp, "work")
    os.makedirs(os.path.join(upper, "qemu"))
    os.makedirs(work)
    with open(os.path.join(upper, "qemu", "bridge.conf"), "w") as f:
        f.write(f"allow {env.br}\n")
    probe = run(["unshare", "-m", "sh", "-c",
                 f"mount -t overlay overlay -o lowerdir=/etc,upperdir={upper},"
                 f"workdir={work} /etc"], check_rc=False)
    if probe.returncode != 0:
        return "cannot mount an overlay on /etc: " + probe.stderr.strip()

    def wrap(cmd):
        mount = (f"mount -t overlay overlay -o lowerdir=/etc,upperdir={upper},"
                 f"workdir={work} /etc && exec \"$@\"")
        return ["unshare", "-m", "sh", "-c", mount, "sh"] + cmd

    if not link_exists(env.host, env.br):
        bridge_up(env)
    q = env.qnet(["-netdev", f"bridge,id=b0,br={env.br},helper={QEMU_HELPER}"]
                 + env.tap_args("t1", env.t1 + "q")
                 + hubports(("h0", "b0"), ("h1", "t1")), wrap=wrap)
    check(q.started(), "qnet did not start: " + q.stderr())
    info = q.hmp("info network")
    check(f"b0: index=0,type=tap,helper={QEMU_HELPER},br={env.br}" in info,
          info)
    env.move(env.t1 + "q", env.ns2, "10.78.0.3/24")
    check(ping(env.ns2, "10.78.0.1"), "ping through QEMU's helper")
    check(q.quit() == 0, "quit")
    log("  QEMU's qemu-bridge-helper works as helper=")
    return None


def scenario_multiqueue(env):
    q = env.qnet(env.tap_args("mq", env.tm, ",queues=4") +
                 env.tap_args("t2", env.t2) +
                 hubports(("h1", "mq"), ("h2", "t2")))
    check(q.started(), "qnet did not start: " + q.stderr())
    line = f"mq: index=0,type=tap,ifname={env.tm},script=no,downscript=no"
    info = q.hmp("info network")
    want = (f"hub 0\n \\ h2: t2: index=0,type=tap,ifname={env.t2},script=no,"
            f"downscript=no\n \\ h1: {line}\n{line}\n{line}\n{line}")
    check(info == want, f"info network:\n{info}\nwanted:\n{want}")
    r = run(["ls", f"/sys/class/net/{env.tm}/queues"], ns=env.host)
    txq = [x for x in r.stdout.split() if x.startswith("tx-")]
    check(len(txq) == 4, f"kernel queues: {r.stdout.split()}")

    env.move(env.tm, env.ns1, "10.79.0.1/24")
    env.move(env.t2, env.ns2, "10.79.0.2/24")
    # Static neighbours: the kernel spreads unknown flows over the queues,
    # and only queue 0 is peered (the hub); flows qnet writes first are
    # steered back to queue 0 (tun's flow table), so ns2 opens them.
    m1, m2 = ns_mac(env.ns1, env.tm), ns_mac(env.ns2, env.t2)
    run(["ip", "-n", env.ns1, "neigh", "add", "10.79.0.2", "lladdr", m2,
         "dev", env.tm, "nud", "permanent"])
    run(["ip", "-n", env.ns2, "neigh", "add", "10.79.0.1", "lladdr", m1,
         "dev", env.t2, "nud", "permanent"])
    # Only TCP: its flow hash is symmetric, so the kernel steers ns1's
    # replies to the queue qnet wrote the flow's first frame to.  ICMP echo
    # replies are hashed apart from their requests on newer kernels (seen
    # on 6.18) and land on any of the four queues, three without a peer.
    tcp_echo(env.ns1, env.ns2, "10.79.0.1", 7003)
    check(q.hmp("netdev_del mq") == "", "netdev_del mq")
    wait_until(lambda: not link_exists(env.ns1, env.tm),
               f"{env.tm} to disappear after netdev_del")
    check(q.quit() == 0, "quit")
    log("  4 queues attached, ping and TCP echo through queue 0, netdev_del")


def scenario_scripts(env):
    logf = os.path.join(env.tmp, "script.log")
    script = os.path.join(env.tmp, "ifupdown")
    with open(script, "w") as f:
        f.write("#!/bin/sh\n"
                f"echo \"$(basename $0) $# $1 "
                f"$(cat /sys/class/net/$1/ifindex)\" >> {logf}\n")
    os.chmod(script, 0o755)
    down = os.path.join(env.tmp, "down")
    os.symlink(script, down)
    q = env.qnet(["-netdev", f"tap,id=t1,ifname={env.t1}s,script={script},"
                  f"downscript={down}"])
    check(q.started(), "qnet did not start: " + q.stderr())
    info = q.hmp("info network")
    check(info == f"t1: index=0,type=tap,ifname={env.t1}s,script={script},"
          f"downscript={down}", info)
    check(q.hmp("netdev_del t1") == "", "netdev_del t1")
    with open(logf) as f:
        lines = f.read().splitlines()
    check(len(lines) == 2, f"script runs: {lines}")
    up_words, down_words = lines[0].split(), lines[1].split()
    check(up_words[:3] == ["ifupdown", "1", f"{env.t1}s"], lines[0])
    check(down_words[:3] == ["down", "1", f"{env.t1}s"], lines[1])
    check(len(down_words) == 4 and up_words[3] == down_words[3],
          "the down script ran after the interface was gone")
    check(q.quit() == 0, "quit")
    log("  up and down scripts run once each with the interface name")


def scenario_setuid(env):
    """qnet run by nobody, with qnet-bridge-helper installed setuid root."""
    if not shutil.which("setpriv"):
        return "'setpriv' is missing (Debian package util-linux)"
    helper = env.args.helper
    r = run([helper, "--help"])
    acl = r.stdout.split("Access list: ", 1)[1].strip()
    etc = os.path.dirname(os.path.dirname(acl))     # $sysconfdir
    if not os.path.isdir(etc):
        return f"{etc} ($sysconfdir) does not exist"
    os.chmod(env.tmp, 0o755)
    bindir = os.path.join(env.tmp, "bin")
    os.makedirs(bindir)
    suid = os.path.join(bindir, "qnet-bridge-helper")
    shutil.copy(helper, suid)
    os.chmod(suid, 0o4755)
    qnet = os.path.join(bindir, "qnet")
    shutil.copy(env.args.qnet, qnet)
    upper = os.path.join(env.tmp, "upper")
    work = os.path.join(env.tmp, "work")
    os.makedirs(os.path.join(upper, os.path.basename(os.path.dirname(acl))))
    os.makedirs(work)
    br2 = env.br + "b"
    with open(os.path.join(upper, os.path.relpath(acl, etc)), "w") as f:
        f.write(f"allow {env.br}\nallow {br2}\n")
    mount = (f"mount -t overlay overlay -o lowerdir={etc},upperdir={upper},"
             f"workdir={work} {etc}")
    if run(["unshare", "-m", "sh", "-c", mount], check_rc=False).returncode:
        return f"cannot mount an overlay on {etc}"
    if os.statvfs(bindir).f_flag & os.ST_NOSUID:
        return f"{bindir} is on a nosuid file system"

    # Two bridges: the host's (with an address) and one ns1 reaches by veth.
    bridge_up(env)
    run(["ip", "-n", env.host, "link", "add", br2, "type", "bridge"])
    run(["ip", "-n", env.host, "link", "set", br2, "up"])
    run(["ip", "-n", env.host, "link", "add", "qv" + str(env.suffix),
         "master", br2, "up", "type", "veth", "peer", "name", "qw" +
         str(env.suffix), "netns", env.ns1])
    run(["ip", "-n", env.ns1, "addr", "add", "10.78.0.2/24", "dev",
         "qw" + str(env.suffix)])
    run(["ip", "-n", env.ns1, "link", "set", "qw" + str(env.suffix), "up"])

    def wrap(cmd):
        return (["unshare", "-m", "sh", "-c", mount + " && exec \"$@\"", "sh",
                 "setpriv", "--reuid=65534", "--regid=65534",
                 "--clear-groups"] + [qnet] + cmd[1:])

    q = env.qnet(["-netdev", f"bridge,id=b0,br={env.br},helper={suid}",
                  "-netdev", f"bridge,id=b1,br={br2},helper={suid}"] +
                 hubports(("h0", "b0"), ("h1", "b1")), wrap=wrap)
    check(q.started(), "qnet did not start: " + q.stderr())
    check(len(bridge_ports(env)) == 1, "no tap on the host bridge")
    check(ping(env.ns1, "10.78.0.1"), "ping through qnet run by nobody")
    tcp_echo(env.host, env.ns1, "10.78.0.1", 7004)
    check(q.quit() == 0, "quit: " + q.stderr())
    log("  setuid qnet-bridge-helper serves qnet run by nobody")
    return None


SCENARIOS = [
    ("hub", scenario_hub),
    ("bridge", scenario_bridge),
    ("qemu-helper", scenario_qemu_helper),
    ("multiqueue", scenario_multiqueue),
    ("scripts", scenario_scripts),
    ("setuid", scenario_setuid),
]


def prerequisites():
    if os.geteuid() != 0:
        return "needs root (taps, network namespaces)"
    if not os.path.exists("/dev/net/tun"):
        return "/dev/net/tun is missing"
    for tool in ("ip", "unshare"):
        if not shutil.which(tool):
            return f"'{tool}' is missing (Debian packages iproute2, util-linux)"
    if not shutil.which("ping") and not shutil.which("busybox"):
        return "neither ping nor busybox is installed"
    r = subprocess.run(["ip", "netns", "add", f"qnprobe{os.getpid()}"],
                       stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        return "cannot create network namespaces: " + r.stderr.strip()
    subprocess.run(["ip", "netns", "del", f"qnprobe{os.getpid()}"])
    return None


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--qnet", default="build/qnet")
    p.add_argument("--helper", help="qnet-bridge-helper (default: beside "
                   "qnet)")
    p.add_argument("--only", default="", help="run scenarios whose name "
                   "contains this")
    args = p.parse_args(argv)
    args.qnet = os.path.abspath(args.qnet)
    if not args.helper:
        args.helper = os.path.join(os.path.dirname(args.qnet),
                                   "qnet-bridge-helper")
    why = prerequisites()
    if why:
        print(f"SKIP: {why}")
        return SKIP
    failed = 0
    for name, fn in SCENARIOS:
        if args.only not in name:
            continue
        env = Env(args)
        try:
            env.setup()
            skipped = fn(env)
            if skipped:
                log(f"skip - {name}: {skipped}")
            else:
                log(f"ok - {name}")
        except (TestFailure, subprocess.TimeoutExpired, OSError) as e:
            failed += 1
            log(f"not ok - {name}: {e}")
        finally:
            env.teardown()
        for ifname in (env.t1, env.t2, env.tm, env.br):
            if link_exists_root(ifname):
                failed += 1
                log(f"not ok - {name}: {ifname} left in the root namespace")
    log("all passed" if not failed else f"{failed} failed")
    return 1 if failed else 0


def link_exists_root(ifname):
    return subprocess.run(["ip", "link", "show", ifname],
                          stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL).returncode == 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
