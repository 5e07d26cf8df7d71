#!/bin/sh
# demo.sh: qnet's main job with real traffic: a Linux network namespace on a
# tap served by qnet's user backend gets its DHCP lease from qnet, downloads
# a file from the host through qnet's NAT and serves one back through a
# hostfwd; qnet's monitor then shows info network and info usernet.
#
# Usage: scripts/demo.sh [QNET_BINARY]     (make demo runs it)
#
# Needs root, /dev/net/tun, iproute2 (ip) and busybox (udhcpc, wget, httpd);
# without them it says so and shows only the graph (the same command line
# without the tap), side by side with QEMU 7.2 where it is installed.
# Every wait is bounded; only loopback and the namespace it creates are
# used; the namespace and every process it started are removed on exit,
# also on failure or Ctrl-C.  Ends with "demo: OK" or "demo: FAILED: why".
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
qnet=${1:-$top/build/qnet}
qemu=${QEMU:-qemu-system-x86_64}

[ -x "$qnet" ] || { echo "demo: $qnet is not built (run make)" >&2; exit 1; }
command -v python3 >/dev/null 2>&1 ||
    { echo "demo: python3 is missing (Debian package python3)" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/qnet-demo.XXXXXX")
ns=qdemo$$              # the namespace and the tap share the name (<= 15 chars)
tap=$ns
qnet_pid='' http_pid='' guest_pid=''
ns_made=no

cleanup() {
    for pid in $guest_pid $http_pid $qnet_pid; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in $guest_pid $http_pid $qnet_pid; do
        # bounded: a process that ignores SIGTERM for 3 s gets SIGKILL
        i=0
        while kill -0 "$pid" 2>/dev/null && [ $i -lt 30 ]; do
            sleep 0.1; i=$((i + 1))
        done
        kill -9 "$pid" 2>/dev/null || true
    done
    if [ "$ns_made" = yes ]; then
        ip netns del "$ns" 2>/dev/null || true
        rm -rf "/etc/netns/$ns"
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'echo "demo: interrupted" >&2; exit 130' INT TERM

step() { echo; echo "== $*"; }
fail() { echo "demo: FAILED: $*" >&2; exit 1; }
show() { sed 's/^/   | /' "$@"; }

# ---------------------------------------------------------------- helpers
# One Python file for what sh does badly: a free port, a web server that
# reports its port, bounded waits, and a monitor client for the unix socket.
cat >"$tmp/helper.py" <<'EOF'
import functools, http.server, os, re, socket, sys, time

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        print(s.getsockname()[1])

def serve(directory, portfile):
    """HTTP on 127.0.0.1 (a port the kernel picks), written to portfile."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler,
                                directory=directory)
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    with open(portfile + ".new", "w") as f:
        f.write(str(srv.server_address[1]))
    os.rename(portfile + ".new", portfile)
    srv.serve_forever()

def wait_file(path, secs):
    deadline = time.monotonic() + float(secs)
    while not os.path.exists(path):
        if time.monotonic() > deadline:
            sys.exit(1)
        time.sleep(0.05)

def fetch(url, out, secs):
    import urllib.request
    with urllib.request.urlopen(url, timeout=float(secs)) as r, \
            open(out, "wb") as f:
        f.write(r.read())

def hmp(sock_path, *commands):
    """Runs HMP commands on a monitor socket; prints each one's output."""
    s = socket.socket(socket.AF_UNIX)
    s.settimeout(10)
    s.connect(sock_path)
    buf = b""
    def until_prompt():
        nonlocal buf
        while b"(qemu) " not in buf:
            chunk = s.recv(65536)
            if not chunk:
                raise SystemExit("demo: the monitor closed the connection")
            buf += chunk
        text, buf = buf.split(b"(qemu) ", 1)
        return text.decode(errors="replace")
    until_prompt()                                  # the banner
    for cmd in commands:
        s.sendall(cmd.encode() + b"\n")
        text = re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", until_prompt())
        lines = text.replace("\r", "").split("\n")
        if lines and lines[0].strip() == cmd:       # the monitor's echo
            lines = lines[1:]
        print("(qemu) " + cmd)
        print("\n".join(lines).rstrip("\n"))
    s.close()

globals()[sys.argv[1].replace("-", "_")](*sys.argv[2:])
EOF
helper() { timeout 30 python3 "$tmp/helper.py" "$@"; }

# Starts qnet in the background with "$@"; waits (bounded) for its monitor.
start_qnet() {
    echo "\$ qnet $*"
    "$qnet" "$@" >"$tmp/qnet.out" 2>"$tmp/qnet.err" &
    qnet_pid=$!
    if ! helper wait-file "$tmp/mon.sock" 10; then
        show "$tmp/qnet.err"
        fail "qnet did not open its monitor within 10 s"
    fi
    kill -0 "$qnet_pid" 2>/dev/null || { show "$tmp/qnet.err"; fail "qnet exited"; }
}

# Asks qnet to quit through the monitor; bounded.
stop_qnet() {
    helper hmp "$tmp/mon.sock" quit >/dev/null 2>&1 || true
    i=0
    while kill -0 "$qnet_pid" 2>/dev/null && [ $i -lt 50 ]; do
        sleep 0.1; i=$((i + 1))
    done
    kill -0 "$qnet_pid" 2>/dev/null && fail "qnet did not quit within 5 s"
    wait "$qnet_pid" || fail "qnet exited with status $?"
    qnet_pid=''
}

# $1 = program; the rest = its network options.  Prints the monitor's
# "info network" without the command's echo (for the side-by-side check).
info_network_of() {
    prog=$1; shift
    printf 'info network\nquit\n' |
        timeout 30 "$prog" -nodefaults -S -display none -M none \
            -monitor stdio "$@" 2>/dev/null |
        python3 -c '
import re, sys
text = re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", sys.stdin.read()).replace("\r", "")
text = text.split("(qemu) ")[1]          # after the first prompt
print("\n".join(l for l in text.split("\n")[1:] if l.strip()))'
}

# The side-by-side check: QEMU 7.2 on the same options must print the same
# "info network" ($1 = what qnet printed, the rest = the options).
compare_with_qemu() {
    want=$1; shift
    if ! command -v "$qemu" >/dev/null 2>&1; then
        echo "   ($qemu is not installed: no side-by-side check)"
        return 0
    fi
    got=$(info_network_of "$qemu" "$@") || true
    if [ "$got" = "$want" ]; then
        echo "   $qemu prints the same info network for these options."
    else
        printf '%s\n' "$got" | show
        fail "$qemu prints a different info network (above)"
    fi
}

# ---------------------------------------------------------------- fallback
why=''
if [ "$(id -u)" != 0 ]; then
    why="not root (a tap and a network namespace need root)"
elif [ ! -c /dev/net/tun ]; then
    why="/dev/net/tun is missing (no tap devices)"
elif ! command -v ip >/dev/null 2>&1; then
    why="'ip' is missing (Debian package iproute2)"
elif ! command -v busybox >/dev/null 2>&1; then
    why="busybox is missing (Debian package busybox-static)"
elif ! ip netns add "$ns" 2>"$tmp/netns.err"; then
    why="cannot create a network namespace: $(cat "$tmp/netns.err")"
fi

if [ -n "$why" ]; then
    echo "demo: $why."
    echo "demo: FALLBACK: showing qnet's graph only (no tap, no namespace, no traffic)."
    step "qnet builds the user network on hub 0"
    start_qnet -nodefaults -M none -display none \
        -netdev user,id=u0,hostfwd=tcp:127.0.0.1:0-:8080 \
        -netdev hubport,id=h0,hubid=0,netdev=u0 \
        -monitor "unix:$tmp/mon.sock,server=on,wait=off"
    helper hmp "$tmp/mon.sock" "info network" "info usernet" >"$tmp/info" ||
        fail "the monitor did not answer"
    show "$tmp/info"
    net=$(sed -n '/^(qemu) info network$/,/^(qemu) info usernet$/p' "$tmp/info" |
          sed '1d;$d')
    stop_qnet
    compare_with_qemu "$net" -netdev user,id=u0,hostfwd=tcp:127.0.0.1:0-:8080 \
        -netdev hubport,id=h0,hubid=0,netdev=u0
    echo
    echo "demo: OK (fallback: graph only; run as root with /dev/net/tun for the real traffic)"
    exit 0
fi
ns_made=yes

# ---------------------------------------------------------------- the demo
step "1. A file to download, served by a web server on the host's loopback"
mkdir -p "$tmp/www" "$tmp/guest-www"
head -c 2097152 /dev/urandom >"$tmp/www/demo.bin"
md5=$(md5sum <"$tmp/www/demo.bin" | cut -d' ' -f1)
timeout 600 python3 "$tmp/helper.py" serve "$tmp/www" "$tmp/http.port" \
    2>"$tmp/http.log" &
http_pid=$!
helper wait-file "$tmp/http.port" 10 || fail "the web server did not start"
http_port=$(cat "$tmp/http.port")
fwd_port=$(helper free-port)
echo "   http://127.0.0.1:$http_port/demo.bin  (2 MiB, md5 $md5)"

step "2. qnet: a user netdev (NAT, DHCP, DNS) and a tap, joined by hub 0"
start_qnet -nodefaults -M none -display none \
    -netdev "user,id=u0,hostfwd=tcp:127.0.0.1:$fwd_port-:8080" \
    -netdev "tap,id=t0,ifname=$tap,script=no,downscript=no" \
    -netdev hubport,id=h0,hubid=0,netdev=u0 \
    -netdev hubport,id=h1,hubid=0,netdev=t0 \
    -monitor "unix:$tmp/mon.sock,server=on,wait=off"

step "3. The tap goes into network namespace $ns (the guest: Linux's own TCP/IP stack)"
i=0
until ip link show "$tap" >/dev/null 2>&1; do
    i=$((i + 1)); [ $i -lt 50 ] || fail "qnet did not create $tap"; sleep 0.1
done
ip link set "$tap" netns "$ns"
ip -n "$ns" link set lo up
ip -n "$ns" link set "$tap" up
# ip netns exec bind-mounts /etc/netns/NS/resolv.conf on /etc/resolv.conf:
# that is the namespace's own resolv.conf, which the DHCP script fills in.
mkdir -p "/etc/netns/$ns"
: >"/etc/netns/$ns/resolv.conf"
echo "   \$ ip link set $tap netns $ns; ip -n $ns link set $tap up"

step "4. DHCP: busybox udhcpc in the namespace asks qnet for a lease"
cat >"$tmp/udhcpc.script" <<EOF
#!/bin/sh
# udhcpc calls this with the lease in its environment (busybox udhcpc(8)).
case "\$1" in
deconfig)
    ip addr flush dev "\$interface"
    ip link set "\$interface" up ;;
bound|renew)
    ip addr flush dev "\$interface"
    ip addr add "\$ip/\$mask" dev "\$interface"
    for r in \$router; do ip route replace default via "\$r"; break; done
    {
        [ -n "\$domain" ] && echo "search \$domain"
        for d in \$dns; do echo "nameserver \$d"; done
    } >"/etc/netns/$ns/resolv.conf"
    echo "lease: ip=\$ip mask=\$mask router=\$router dns=\$dns server=\$serverid lease=\$lease" ;;
esac
exit 0
EOF
chmod +x "$tmp/udhcpc.script"
echo "   \$ ip netns exec $ns busybox udhcpc -i $tap -n -q -t 5 -T 2 -s SCRIPT"
if ! timeout 30 ip netns exec "$ns" busybox udhcpc -i "$tap" -n -q -t 5 -T 2 \
        -s "$tmp/udhcpc.script" >"$tmp/dhcp.log" 2>&1; then
    show "$tmp/dhcp.log"
    fail "no DHCP lease from qnet"
fi
show "$tmp/dhcp.log"
lease=$(grep '^lease:' "$tmp/dhcp.log")
case $lease in
*"ip=10.0.2.15 "*"router=10.0.2.2 "*"dns=10.0.2.3 "*) ;;
*) fail "unexpected lease (wanted 10.0.2.15, router 10.0.2.2, DNS 10.0.2.3)" ;;
esac
echo "   the namespace now has:"
{ ip -n "$ns" -4 -br addr show dev "$tap"; ip -n "$ns" route
  ip netns exec "$ns" cat /etc/resolv.conf; } | show

step "5. Download from the host through qnet's NAT (10.0.2.2 is the host)"
url="http://10.0.2.2:$http_port/demo.bin"
echo "   \$ ip netns exec $ns busybox wget -O got.bin $url; md5sum got.bin"
start=$(date +%s%N)
timeout 60 ip netns exec "$ns" busybox wget -q -O "$tmp/got.bin" "$url" ||
    fail "the download through the NAT failed"
end=$(date +%s%N)
got=$(md5sum <"$tmp/got.bin" | cut -d' ' -f1)
echo "   md5 $got, $(wc -c <"$tmp/got.bin") bytes in $(((end - start) / 1000000)) ms"
[ "$got" = "$md5" ] || fail "md5 differs: got $got, want $md5"
echo "   the web server saw the request from the host's loopback (NAT):"
grep 'GET /demo.bin' "$tmp/http.log" | show

step "6. The other way: a host port forwarded into the namespace (hostfwd)"
echo "served from inside namespace $ns" >"$tmp/guest-www/hello.txt"
ip netns exec "$ns" busybox httpd -f -p 8080 -h "$tmp/guest-www" &
guest_pid=$!
echo "   busybox httpd listens on :8080 in the namespace;" \
     "qnet forwards 127.0.0.1:$fwd_port to 10.0.2.15:8080"
echo "   \$ wget http://127.0.0.1:$fwd_port/hello.txt   (on the host)"
i=0
until helper fetch "http://127.0.0.1:$fwd_port/hello.txt" "$tmp/hello.got" 5 \
        2>/dev/null; do
    i=$((i + 1)); [ $i -lt 20 ] || fail "could not fetch through the hostfwd"
    sleep 0.2
done
show "$tmp/hello.got"
cmp -s "$tmp/hello.got" "$tmp/guest-www/hello.txt" ||
    fail "the file fetched through the hostfwd differs"

step "7. qnet's monitor"
helper hmp "$tmp/mon.sock" "info network" "info usernet" >"$tmp/info" ||
    fail "the monitor did not answer"
show "$tmp/info"
grep -q "type=user,net=10.0.2.0,restrict=off" "$tmp/info" ||
    fail "info network does not show the user netdev"
grep -q "TCP\[HOST_FORWARD\].*127.0.0.1 *$fwd_port *10.0.2.15 *8080" "$tmp/info" ||
    fail "info usernet does not show the host forward"
net=$(sed -n '/^(qemu) info network$/,/^(qemu) info usernet$/p' "$tmp/info" |
      sed '1d;$d')

step "8. Side by side: QEMU 7.2 on the same options (another tap name)"
kill "$guest_pid" 2>/dev/null || true
wait "$guest_pid" 2>/dev/null || true
guest_pid=''
stop_qnet
echo "   qnet quit; the tap went away with it."
qtap=qdemoq$$
compare_with_qemu "$(printf '%s\n' "$net" | sed "s/ifname=$tap,/ifname=$qtap,/g")" \
    -netdev "user,id=u0,hostfwd=tcp:127.0.0.1:$fwd_port-:8080" \
    -netdev "tap,id=t0,ifname=$qtap,script=no,downscript=no" \
    -netdev hubport,id=h0,hubid=0,netdev=u0 \
    -netdev hubport,id=h1,hubid=0,netdev=t0

echo
echo "demo: OK"
