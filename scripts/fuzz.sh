#!/bin/sh
# fuzz.sh: builds the libFuzzer targets (clang, ASan+UBSan) and runs each one
# for a bounded time; make fuzz runs it.
#
# Convention: a fuzz target is an executable named fuzz-NAME anywhere in the
# fuzz build (tests/fuzz/ builds them when meson's fuzzing option is on);
# its seed inputs, if any, are the files in tests/fuzz/corpus/NAME/.  New
# inputs go to FUZZ_DIR/corpus/NAME/ (the source tree is never written);
# crashes to FUZZ_DIR/crashes/NAME/; add those as regression seeds.
#
# Environment: FUZZ_DIR (build-fuzz), FUZZ_SECONDS per target (60),
# FUZZ_TARGETS (names to run; default all).
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
FUZZ_DIR=${FUZZ_DIR:-build-fuzz}
FUZZ_SECONDS=${FUZZ_SECONDS:-60}

if [ ! -f "$FUZZ_DIR/build.ninja" ]; then
    echo "fuzz: setting up $FUZZ_DIR"
    if [ -f config.status ]; then
        sh ./config.status --enable-fuzzing
    else
        sh ./configure --enable-fuzzing
    fi
fi
ninja -C "$FUZZ_DIR"

targets=$(find "$FUZZ_DIR" -type f -perm -u+x -name 'fuzz-*' | sort)
if [ -z "$targets" ]; then
    echo "fuzz: no fuzz targets are built yet (no fuzz-* executables in $FUZZ_DIR)."
    exit 0
fi

export ASAN_OPTIONS="${ASAN_OPTIONS:-halt_on_error=1:abort_on_error=1:detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:abort_on_error=1:print_stacktrace=1}"
export G_SLICE=always-malloc G_DEBUG=gc-friendly

passed=0 failed=0
for exe in $targets; do
    name=${exe##*/fuzz-}
    if [ -n "${FUZZ_TARGETS:-}" ]; then
        case " $FUZZ_TARGETS " in *" $name "*) ;; *) continue ;; esac
    fi
    corpus=$FUZZ_DIR/corpus/$name
    crashes=$FUZZ_DIR/crashes/$name
    mkdir -p "$corpus" "$crashes"
    seeds=""
    [ -d "tests/fuzz/corpus/$name" ] && seeds="tests/fuzz/corpus/$name"
    echo "=== fuzz-$name for $FUZZ_SECONDS s ==="
    # shellcheck disable=SC2086
    if timeout $((FUZZ_SECONDS + 60)) "$exe" -max_total_time="$FUZZ_SECONDS" \
            -timeout=10 -artifact_prefix="$crashes/" "$corpus" $seeds; then
        passed=$((passed + 1))
    else
        echo "fuzz: fuzz-$name failed; the input is in $crashes/" >&2
        failed=$((failed + 1))
    fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
