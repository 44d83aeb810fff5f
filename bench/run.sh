#!/usr/bin/env bash
# bench/run.sh - `make bench`: sonde next to bpftrace v0.17 and libbpf-ref.
#
# Installs what the benchmark needs when it is missing (Debian packages:
# bpftrace, clang, libbpf-dev, libelf-dev, zlib1g-dev, bpftool; never a build
# dependency of sonde), runs bench.sh with the columns bpftrace, sonde and
# libbpf-ref, and writes bench/RESULTS.md and bench/RESULTS.json.
#
#   make bench                                   # build/sonde, defaults
#   bench/run.sh --sonde build-x/sonde -r 3      # other binary, 3 runs
#   make bench BENCH_ARGS="-s ACD -r 3"          # options for bench.sh
#
# Options: --sonde PATH (default build/sonde, or $SONDE), --no-bpftrace,
# --no-install; everything else goes to bench.sh (see bench.sh --help).
# sonde's compile cache is a fresh folder per run ($XDG_CACHE_HOME set to
# OUT/cache, or BENCH_CACHE_HOME).
# Takes about 5-10 minutes; run as root (re-runs itself under sudo).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
SONDE=${SONDE:-$REPO/build/sonde}
WITH_BPFTRACE=1 INSTALL=${INSTALL:-1}
ORIG=("$@") ARGS=()
while [ $# -gt 0 ]; do
	case $1 in
	--sonde) SONDE=$2; shift 2 ;;
	--no-bpftrace) WITH_BPFTRACE=0; shift ;;
	--no-install) INSTALL=0; shift ;;
	-h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) ARGS+=("$1"); shift ;;
	esac
done
log() { printf '[bench %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

if [ "$(id -u)" != 0 ]; then
	command -v sudo >/dev/null || { log "ERROR: run as root (BPF, tracefs)"; exit 1; }
	exec sudo -E "$0" "${ORIG[@]}"
fi

SONDE=$(realpath "$SONDE" 2>/dev/null || echo "$SONDE")
[ -x "$SONDE" ] || { log "ERROR: no sonde binary at $SONDE (make build)"; exit 1; }

# --- what the benchmark needs (not sonde's dependencies) -------------------
need=()
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'ok installed'; }
[ "$WITH_BPFTRACE" = 1 ] && ! command -v bpftrace >/dev/null && need+=(bpftrace)
command -v clang >/dev/null || need+=(clang)
command -v bpftool >/dev/null || need+=(bpftool)
command -v cc >/dev/null || need+=(gcc)
for p in libbpf-dev libelf-dev zlib1g-dev; do have_pkg "$p" || need+=("$p"); done
if [ ${#need[@]} -gt 0 ]; then
	if [ "$INSTALL" = 1 ]; then
		log "installing for the benchmark: ${need[*]}"
		export DEBIAN_FRONTEND=noninteractive
		apt-get install -y --no-install-recommends "${need[@]}" >/dev/null ||
			{ apt-get update >/dev/null && apt-get install -y --no-install-recommends "${need[@]}" >/dev/null; } ||
			log "WARNING: could not install ${need[*]}; going on without"
	else
		log "WARNING: missing ${need[*]} (--no-install)"
	fi
fi

TRACERS=()
if [ "$WITH_BPFTRACE" = 1 ]; then
	if command -v bpftrace >/dev/null; then
		v=$(bpftrace --version 2>&1 | head -1)
		[[ $v == *v0.17* ]] || log "WARNING: $v is not bpftrace v0.17 (issue 6's baseline)"
		TRACERS+=(-t bpftrace)
	else
		log "WARNING: no bpftrace; its column is left out"
	fi
fi
TRACERS+=(-t "sonde=$SONDE" -c sonde -T sonde)

# what was measured: the binary, when it was built, the tree it came from
BENCH_NOTE="sonde binary: \`$SONDE\` (built $(date -u -r "$SONDE" +%Y-%m-%dT%H:%M:%SZ)); repository at $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$REPO" diff --quiet HEAD 2>/dev/null || echo ' + uncommitted changes')"
export BENCH_NOTE="${BENCH_NOTE_EXTRA:+$BENCH_NOTE_EXTRA; }$BENCH_NOTE"
OUT=${OUT_DIR:-/tmp/sonde-bench-results/$(date +%Y%m%d-%H%M%S)}
# sonde's compile cache: a fresh one for this run, so that cache-hit rows
# measure this binary's own entries (BENCH_CACHE_HOME=DIR to choose)
export XDG_CACHE_HOME=${BENCH_CACHE_HOME:-$OUT/cache}
mkdir -p -m 0700 "$XDG_CACHE_HOME"
# shellcheck disable=SC2086
exec "$HERE/bench.sh" "${TRACERS[@]}" -o "$OUT" \
	--md "$HERE/RESULTS.md" --json "$HERE/RESULTS.json" ${BENCH_ARGS:-} "${ARGS[@]}"
