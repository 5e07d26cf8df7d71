#!/usr/bin/env bash
# check.sh: runs qnet's test suites with meson test and prints the counts;
# the Makefile's check targets call it.
#
# Usage: scripts/check.sh STEP...
#   all          every suite of the normal build, then the sanitizer step
#   unit         the unit suite of the normal build
#   functional   the functional suite of the normal build
#   example      the example suite (embeds libqnet through pkg-config)
#   sanitizers   unit and functional suites of the ASan+UBSan build
#                (set up with ./configure --enable-sanitizers if missing)
#
# Environment: BUILD_DIR (build), SAN_DIR (BUILD_DIR-san), MESON_TEST_ARGS
# (extra meson test arguments, e.g. "--suite slirp" or "-v").
# The last line is "check: N passed, N failed, N skipped"; the exit status
# is non-zero if any test failed or any build did not complete.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
BUILD_DIR=${BUILD_DIR:-build}
SAN_DIR=${SAN_DIR:-$BUILD_DIR-san}
read -r -a extra_args <<<"${MESON_TEST_ARGS:-}"

total_pass=0 total_fail=0 total_skip=0 broken=0

# Counts the results in a meson test JSON log: prints "pass fail skip".
count_results() {
    python3 - "$1" <<'EOF'
import json, sys
passed = failed = skipped = 0
with open(sys.argv[1]) as log:
    for line in log:
        if not line.strip():
            continue
        result = json.loads(line).get("result")
        if result in ("OK", "EXPECTEDFAIL"):
            passed += 1
        elif result == "SKIP":
            skipped += 1
        else:                   # FAIL, UNEXPECTEDPASS, TIMEOUT, ERROR
            failed += 1
print(passed, failed, skipped)
EOF
}

tests_enabled() {               # $1 = build dir
    python3 - "$1/meson-info/intro-buildoptions.json" <<'EOF'
import json, sys
options = {o["name"]: o["value"] for o in json.load(open(sys.argv[1]))}
sys.exit(0 if options.get("tests") else 1)
EOF
}

# $1 = build dir, $2 = label, rest = meson test arguments.
run_suites() {
    local dir=$1 label=$2 logbase
    shift 2
    logbase=check-$(printf '%s' "$label" | tr -c 'a-zA-Z0-9\n' '-')
    if ! tests_enabled "$dir"; then
        echo "check: tests are disabled in $dir (configured with --disable-tests);" \
             "run ./configure without it" >&2
        broken=$((broken + 1))
        return
    fi
    echo "=== $label ($dir) ==="
    rm -f "$dir/meson-logs/$logbase.json"
    local rc=0
    meson test -C "$dir" --print-errorlogs --logbase "$logbase" \
        "$@" "${extra_args[@]}" </dev/null || rc=$?
    local pass=0 fail=0 skip=0
    if [ -f "$dir/meson-logs/$logbase.json" ]; then
        read -r pass fail skip < <(count_results "$dir/meson-logs/$logbase.json")
    fi
    if [ "$rc" -ne 0 ] && [ "$fail" -eq 0 ]; then
        echo "check: meson test in $dir exited with status $rc (build failed?)" >&2
        broken=$((broken + 1))
    fi
    if [ $((pass + fail + skip)) -eq 0 ]; then
        echo "check: $label: no test was run (none defined yet)"
    fi
    echo "$label: $pass passed, $fail failed, $skip skipped"
    total_pass=$((total_pass + pass))
    total_fail=$((total_fail + fail))
    total_skip=$((total_skip + skip))
}

ensure_configured() {
    if [ ! -f "$BUILD_DIR/build.ninja" ]; then
        if [ -f config.status ]; then sh ./config.status; else sh ./configure; fi
    fi
}

sanitizer_step() {
    if [ ! -f "$SAN_DIR/build.ninja" ]; then
        echo "=== setting up the sanitizer build $SAN_DIR ==="
        if [ -f config.status ]; then
            sh ./config.status --enable-sanitizers
        else
            sh ./configure --enable-sanitizers
        fi
    fi
    # Stop at the first report, with a stack; abort so that a sanitizer
    # report never looks like an ordinary exit status 1 to a test.
    export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:abort_on_error=1:detect_leaks=1:print_summary=1}
    export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:abort_on_error=1:print_stacktrace=1:print_summary=1}
    # GLib's allocators hide leaks and reuse from ASan without these.
    export G_SLICE=always-malloc G_DEBUG=gc-friendly
    run_suites "$SAN_DIR" "sanitizers: unit+functional (ASan+UBSan)" \
        --suite unit --suite functional --timeout-multiplier 3
}

[ $# -gt 0 ] || set -- all
for step in "$@"; do
    case $step in
    all)
        ensure_configured
        run_suites "$BUILD_DIR" "all suites"
        sanitizer_step ;;
    unit|functional|example)
        ensure_configured
        run_suites "$BUILD_DIR" "$step" --suite "$step" ;;
    sanitizers)
        sanitizer_step ;;
    *)
        echo "check.sh: unknown step '$step'" >&2
        exit 2 ;;
    esac
done

[ "$broken" -eq 0 ] || echo "check: $broken step(s) did not complete (see above)"
echo "check: $total_pass passed, $total_fail failed, $total_skip skipped"
[ "$total_fail" -eq 0 ] && [ "$broken" -eq 0 ]
