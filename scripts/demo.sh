#!/bin/sh
# demo.sh: the main job, end to end: qnet builds QEMU's default network and
# its monitor describes it, side by side with QEMU 7.2 on the same command line.
#
# Usage: scripts/demo.sh [QNET_BINARY]     (make demo runs it)
# Exits non-zero if qnet fails, hangs, or says something QEMU does not.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
qnet=${1:-$top/build/qnet}
qemu=${QEMU:-qemu-system-x86_64}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/qnet-demo.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

[ -x "$qnet" ] || { echo "demo: $qnet is not built (run make)" >&2; exit 1; }

# No networking option: QEMU's default network (-net nic -net user), a
# monitor on stdio, the CPUs stopped (-S) and no display.
args="-S -display none -monitor stdio"
commands="info network"

# Renders what a terminal would show for the monitor's output: its readline
# echo erases (ESC[K) and moves left (ESC[nD) as the command is "typed".
render() {
    python3 -c '
import re, sys
for raw in sys.stdin.read().replace("\r\n", "\n").replace("\r", "").split("\n"):
    line, col = [], 0
    for token in re.split(r"(\x1b\[[0-9;]*[A-Za-z])", raw):
        m = re.fullmatch(r"\x1b\[([0-9;]*)([A-Za-z])", token)
        if m:
            if m.group(2) == "D":
                col = max(0, col - int(m.group(1) or 1))
            elif m.group(2) == "K":
                del line[col:]
            continue
        for ch in token:
            if col < len(line):
                line[col] = ch
            else:
                line.append(ch)
            col += 1
    print("".join(line))
'
}

# $1 = program, $2 = output file.  Feeds the monitor the commands, then quit.
run_monitor() {
    rc=0
    # shellcheck disable=SC2086
    printf '%s\nquit\n' "$commands" |
        timeout 30 "$1" $args >"$2.raw" 2>"$2.err" || rc=$?
    render <"$2.raw" >"$2"
    return "$rc"
}

# $1 = output file: what must be the same for both programs.  That is the
# monitor's text after its first prompt (the banner names the program)
# without the prompts, the echo of the commands and empty lines, with the
# random last two digits of the automatic "#net" ids masked; and stderr,
# with the program name masked.
comparable() {
    sed -n '/^(qemu) /,$p' "$1" |
        sed -e 's/^(qemu) //' -e '/^info network$/d' -e '/^quit$/d' -e '/^$/d' \
            -e 's/#net\([0-9]*\)[0-9][0-9]:/#net\1??:/'
    echo "--- stderr:"
    sed 's/^[^ :]*: /PROG: /' "$1.err"
}

echo "\$ qnet $args"
echo "  (monitor input: $commands, quit)"
echo
rc=0
run_monitor "$qnet" "$tmp/qnet" || rc=$?
cat "$tmp/qnet"
if [ -s "$tmp/qnet.err" ]; then
    echo "--- stderr:"
    cat "$tmp/qnet.err"
fi
case $rc in
0) ;;
124) echo "demo: qnet did not quit within 30 s" >&2; exit 1 ;;
*) echo "demo: qnet exited with status $rc" >&2; exit 1 ;;
esac
grep -q 'hub 0$' "$tmp/qnet" ||
    { echo "demo: qnet's info network shows no hub 0 (default network)" >&2; exit 1; }

if ! command -v "$qemu" >/dev/null 2>&1; then
    echo
    echo "demo: $qemu not found (Debian package qemu-system-x86): no side-by-side comparison."
    exit 0
fi

echo
echo "\$ $qemu $args      (the same, for comparison)"
echo
rc=0
run_monitor "$qemu" "$tmp/qemu" || rc=$?
cat "$tmp/qemu"
[ "$rc" -eq 0 ] || { echo "demo: $qemu exited with status $rc" >&2; exit 1; }

echo
comparable "$tmp/qemu" >"$tmp/qemu.cmp"
comparable "$tmp/qnet" >"$tmp/qnet.cmp"
if diff -u "$tmp/qemu.cmp" "$tmp/qnet.cmp" >"$tmp/diff"; then
    echo "demo: qnet's monitor output is QEMU's (up to the random digits of #net ids)."
else
    echo "demo: qnet's monitor output differs from QEMU's:" >&2
    cat "$tmp/diff" >&2
    exit 1
fi
