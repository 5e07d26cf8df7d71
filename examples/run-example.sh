#!/bin/sh
# run-example.sh: stages `meson install` of a build tree, then builds and runs
# examples/embed.c against it through pkg-config, linked both ways.
#
# Usage: examples/run-example.sh BUILD_DIR [SANITIZE]
#   SANITIZE is the build's b_sanitize value ("none", "address,undefined"):
#   the example is compiled with the same sanitizers as the library.
# meson runs it as the test 'embed' of suite 'example' (make check).
set -eu

examples=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:?usage: run-example.sh BUILD_DIR [SANITIZE]}" && pwd)
sanitize=${2:-none}
stage=$build/example/stage
out=$build/example

fail() {
    echo "run-example: $*" >&2
    exit 1
}

rm -rf "$out"
mkdir -p "$out/pkgconfig"

echo "run-example: meson install --destdir $stage"
DESTDIR='' meson install -C "$build" --no-rebuild --quiet --destdir "$stage" ||
    fail "meson install into $stage failed"

# An installed qnet.pc says prefix=/usr/local (or the --prefix given); the
# staged copy lives under $stage.  Relocate it the way a packager would:
# a copy whose prefix line points into the stage.
pc=$(find "$stage" -path '*/pkgconfig/qnet.pc' | head -n 1)
[ -n "$pc" ] || fail "meson install staged no pkgconfig/qnet.pc"
prefix=$(sed -n 's/^prefix=//p' "$pc")
[ -n "$prefix" ] || fail "$pc has no prefix= line"
sed "s|^prefix=.*|prefix=$stage$prefix|" "$pc" >"$out/pkgconfig/qnet.pc"

PKG_CONFIG_PATH=$out/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}
export PKG_CONFIG_PATH
libdir=$(pkg-config --variable=libdir qnet)
includedir=$(pkg-config --variable=includedir qnet)
echo "run-example: pkg-config --cflags --libs qnet: $(pkg-config --cflags --libs qnet)"

# Everything an emulator author links must be in the stage.
for f in "$includedir/qnet/qnet.h" "$libdir/libqnet.a" "$libdir/libqnet.so" \
         "$stage$prefix/bin/qnet"; do
    [ -e "$f" ] || fail "not installed: ${f#"$stage"}"
done
[ -n "$(find "$stage$prefix" -path '*/man1/qnet.1*' | head -n 1)" ] ||
    fail "not installed: the man page qnet.1"

flags=""
if [ "$sanitize" != none ] && [ -n "$sanitize" ]; then
    flags="-fsanitize=$sanitize"
fi

echo "run-example: building embed and embed-static with examples/Makefile"
make -s -f "$examples/Makefile" O="$out" CFLAGS="-O2 -g -Werror $flags" \
    LDFLAGS="$flags" all static || fail "building the example failed"

# embed-static must not need libqnet.so at run time.
if readelf -d "$out/embed-static" | grep -q 'NEEDED.*libqnet'; then
    fail "embed-static is linked with the shared libqnet"
fi

# What QEMU 7.2 prints for the built-in options:
#   qemu-system-x86_64 -netdev hubport,id=p0,hubid=1 \
#     -netdev hubport,id=p1,hubid=1 -device e1000,netdev=p0 \
#     -device rtl8139,netdev=p1 -monitor stdio   (then: info network)
cat >"$out/expected.txt" <<'EOF'
hub 1
 \ p1: rtl8139.0: index=0,type=nic,model=rtl8139,macaddr=52:54:00:12:34:57
 \ p0: e1000.0: index=0,type=nic,model=e1000,macaddr=52:54:00:12:34:56
EOF
expected_warning="embed: warning: hub 1 is not connected to host network"

status=0
for prog in embed embed-static; do
    rc=0
    LD_LIBRARY_PATH=$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH} \
        timeout 60 "$out/$prog" >"$out/$prog.out" 2>"$out/$prog.err" || rc=$?
    tr -d '\r' <"$out/$prog.out" >"$out/$prog.txt"
    if [ "$rc" -ne 0 ]; then
        echo "FAIL $prog: exit status $rc" >&2
        cat "$out/$prog.err" >&2
        status=1
    elif ! diff -u "$out/expected.txt" "$out/$prog.txt" >&2; then
        echo "FAIL $prog: info network differs from QEMU's (above)" >&2
        status=1
    elif ! grep -qxF "$expected_warning" "$out/$prog.err"; then
        echo "FAIL $prog: no '$expected_warning' on stderr; it printed:" >&2
        cat "$out/$prog.err" >&2
        status=1
    else
        echo "PASS $prog"
    fi
done

# An invalid option must come back as an error, not a crash.
rc=0
LD_LIBRARY_PATH=$libdir timeout 60 "$out/embed" -netdev bogus,id=x \
    >/dev/null 2>"$out/bogus.err" || rc=$?
if [ "$rc" -eq 1 ] && grep -qF "Parameter 'type' does not accept value 'bogus'" "$out/bogus.err"; then
    echo "PASS embed -netdev bogus,id=x (rejected)"
else
    echo "FAIL embed -netdev bogus,id=x: exit status $rc, stderr:" >&2
    cat "$out/bogus.err" >&2
    status=1
fi
exit "$status"
