#!/bin/sh
# Builds the libFuzzer targets in $FUZZ_BUILD (default build-fuzz) and runs
# each for SECONDS, both at once (one core each).
#
#   tests/fuzz/run.sh [--long] SECONDS
#
# Corpus:    $FUZZ_BUILD/corpus/<target>/ (kept between runs; grows)
# Seeds:     scripts/*.bt and tests/corpus/**/*.bt, copied to
#            $FUZZ_BUILD/seeds/common/; tests/fuzz/seeds/*.bt for fuzz_compile
# Crashes:   $FUZZ_BUILD/crashes/<target>/crash-* (and leak-, timeout-, oom-)
# Logs:      $FUZZ_BUILD/logs/<target>.log
# Dictionary: tests/fuzz/sonde.dict (keywords, builtins, probe kinds)
#
# Without --long a fuzzer stops at its first crash (as in `make test`); with
# --long it keeps going (-fork=1 -ignore_crashes=1) and saves every crash.
# Exits 1 when a run produced a new crash file, and lists them. Minimise one
# with:  $FUZZ_BUILD/fuzz_<target> -minimize_crash=1 -runs=20000 FILE
set -eu

long=0
if [ "${1:-}" = "--long" ]; then
  long=1
  shift
fi
seconds=${1:-60}
cd "$(dirname "$0")/../.."
root=$(pwd)
build=${FUZZ_BUILD:-build-fuzz}
case $build in /*) ;; *) build=$root/$build ;; esac

# clang 16+ with libFuzzer (Debian's default clang 14 cannot compile the tree).
cxx=clang++-19
cc=clang-19
rt=/usr/lib/llvm-19/lib/clang/19/lib/linux/libclang_rt.fuzzer-x86_64.a
if ! command -v $cxx >/dev/null 2>&1 || [ ! -f $rt ]; then
  echo "fuzz: installing clang-19 and libclang-rt-19-dev"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q clang-19 libclang-rt-19-dev >/dev/null
fi

if [ ! -f "$build/build.ninja" ]; then
  cmake -S . -B "$build" -G Ninja -DCMAKE_C_COMPILER=$cc -DCMAKE_CXX_COMPILER=$cxx \
    -DSONDE_FUZZ=ON -DSONDE_UNIT_TESTS=fuzz_regressions -DSONDE_RUNTIME_TESTS=OFF >/dev/null
fi
nice -n 10 cmake --build "$build" --target fuzzers -j "${JOBS:-$(nproc)}" | grep -v -e '^ninja: no work to do' -e 'Re-checking globbed directories' || true
[ -x "$build/fuzz_parse" ] && [ -x "$build/fuzz_compile" ] || { echo "fuzz: build failed" >&2; exit 1; }

# Seeds: copied, not kept in git twice. File names keep the path (a/b.bt -> a_b.bt).
mkdir -p "$build/seeds/common" "$build/seeds/compile" "$build/logs"
for f in scripts/*.bt $(find tests/corpus -name '*.bt'); do
  name=$(echo "$f" | tr '/' '_')
  cmp -s "$f" "$build/seeds/common/$name" || cp "$f" "$build/seeds/common/$name"
done
for f in tests/fuzz/seeds/*.bt; do
  name=$(basename "$f")
  cmp -s "$f" "$build/seeds/compile/$name" || cp "$f" "$build/seeds/compile/$name"
done

mode=""
[ $long = 1 ] && mode="-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1"
start_marker="$build/logs/.start"
touch "$start_marker"
pids=""
for target in parse compile; do
  mkdir -p "$build/corpus/$target" "$build/crashes/$target"
  seeds="$build/seeds/common"
  [ $target = compile ] && seeds="$seeds $build/seeds/compile"
  # Long runs: the compiler fuzzer also starts from what the parser fuzzer found.
  [ $target = compile ] && [ $long = 1 ] && seeds="$seeds $build/corpus/parse"
  # shellcheck disable=SC2086
  nice -n 10 "$build/fuzz_$target" $mode -max_len=4096 -max_total_time="$seconds" \
    -timeout=30 -rss_limit_mb=4096 -print_final_stats=1 -dict="$root/tests/fuzz/sonde.dict" \
    -artifact_prefix="$build/crashes/$target/" \
    "$build/corpus/$target" $seeds >"$build/logs/$target.log" 2>&1 &
  pids="$pids $!"
done
status=0
for pid in $pids; do
  wait "$pid" || status=1
done

# After a long run, keep only the inputs that add coverage (faster starts).
if [ $long = 1 ]; then
  for target in parse compile; do
    rm -rf "$build/corpus/$target.min"
    mkdir "$build/corpus/$target.min"
    if nice -n 10 "$build/fuzz_$target" -merge=1 "$build/corpus/$target.min" "$build/corpus/$target" \
      >"$build/logs/$target.merge.log" 2>&1; then
      rm -rf "$build/corpus/$target"
      mv "$build/corpus/$target.min" "$build/corpus/$target"
    fi
  done
fi

new=$(find "$build/crashes" -type f -newer "$start_marker" | sort)
for target in parse compile; do
  execs=$(grep -o '^#[0-9][0-9]*' "$build/logs/$target.log" | tail -1 | tr -d '#')
  cov=$(grep -o 'cov: [0-9]*' "$build/logs/$target.log" | tail -1)
  echo "fuzz_$target: ${seconds}s, ${execs:-?} runs, ${cov:-cov: ?}, corpus $(ls "$build/corpus/$target" | wc -l) files"
done
if [ -n "$new" ]; then
  echo "fuzz: crashes found (logs in $build/logs):" >&2
  for f in $new; do
    echo "  $f" >&2
  done
  grep -h -A12 -E '^==[0-9]+== ?ERROR|runtime error:|deadly signal' "$build"/logs/*.log | grep -E 'ERROR|runtime error|#[0-9] ' | head -40 >&2 || true
  echo "fuzz: minimise with $build/fuzz_TARGET -minimize_crash=1 -runs=20000 FILE and add it to tests/fuzz/regressions/" >&2
  exit 1
fi
if [ $status != 0 ]; then
  echo "fuzz: a fuzzer failed; see $build/logs/" >&2
  exit 1
fi
