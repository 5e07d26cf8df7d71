#!/bin/sh
# install-deps.sh: installs every build and test dependency of qnet from
# Debian's archive (Debian 12, run as root). Safe to run again: it installs
# only what is missing and does nothing when all is there.
set -eu

# Build: compiler, build system, libraries.
BUILD_PACKAGES="
  build-essential pkg-config meson ninja-build python3
  libglib2.0-dev libjson-glib-dev libslirp-dev libpcap-dev libvdeplug-dev
"
# Tests and tools: cmocka for unit tests; libsystemd-dev because
# 'pkg-config --static --libs qnet' reaches -lsystemd through libpcap and
# dbus-1 (the embedding example links libqnet.a that way); clang and its
# runtime for libFuzzer (make fuzz); QEMU as the oracle and as a real peer;
# the peers, capture readers and helpers the functional tests run.
# smbclient: the user-netdev test lists and reads the smb= share from a
# network namespace (busybox has no SMB client, and samba brings only smbd).
# ethtool: bench/run's tap-hub-tcp turns TSO/GSO/GRO off on its veths and
# taps (ethtool -K), so all three paths carry MTU-sized frames.
TEST_PACKAGES="
  libcmocka-dev libsystemd-dev clang libclang-rt-14-dev
  qemu-system-x86 vde2 tshark iperf3 samba iproute2 socat
  busybox-static cpio kmod gzip smbclient ethtool
"

missing=""
for p in $BUILD_PACKAGES $TEST_PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
        missing="$missing $p"
done

if [ -z "$missing" ]; then
    echo "install-deps: all dependencies present"
    exit 0
fi

if [ "$(id -u)" != 0 ]; then
    echo "install-deps: missing packages:$missing" >&2
    echo "install-deps: run as root (or: sudo apt-get install$missing)" >&2
    exit 1
fi

echo "install-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
# tshark asks whether non-root users may capture; answer no, without a prompt.
echo "wireshark-common wireshark-common/install-setuid boolean false" |
    debconf-set-selections
apt-get update -q -o Acquire::Retries=3
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends -o Acquire::Retries=3 $missing
echo "install-deps: done"
