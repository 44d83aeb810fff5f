#!/usr/bin/env bash
# bench.sh - side-by-side performance benchmark for bpftrace-compatible
# tracers (bpftrace, sonde, ...) plus a hand-written libbpf reference
# ("libbpf-ref", the physical limit). See README.md next to this file;
# `make bench` runs it through run.sh (bpftrace, build/sonde, the reference).
#
#   sudo bench/bench.sh                                # bpftrace + libbpf-ref
#   sudo bench/bench.sh -t bpftrace -t sonde=build/sonde -c sonde -T sonde
#   sudo TRACERS="bpftrace sonde=build/sonde" RUNS=7 bench/bench.sh -s AC
#
# Sections: A startup, B many probes, C per-event overhead, D printf
# throughput. Prints a markdown table; raw numbers go to a JSON file.
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRC=$HERE/src

# ---------------------------------------------------------------- settings --
RUNS=${RUNS:-5}                 # samples per metric (>= 5 for min/median)
MANY_RUNS=${MANY_RUNS:-2}       # samples for B sys_enter_* (slow in bpftrace)
SECTIONS=${SECTIONS:-ABCD}
N=${N:-2000000}                 # C: syscalls per workload run
PRINTF_N=${PRINTF_N:-200000}    # D: syscalls (= printf events) per run
SYSCALL=getppid                 # the workload's syscall (see src/workload.c)
WARMUP=${WARMUP:-1}             # A/B: unrecorded warm-up runs per tracer
REF=${REF:-1}                   # 0: skip the libbpf reference
BUILD_DIR=${BUILD_DIR:-$HERE/../build/bench}  # helpers and the reference
CACHE_TRACERS=${CACHE_TRACERS:-} # tracers with a compile cache (sonde): their
                                #   column runs cold (--no-cache appended); A
                                #   gets extra rows with a cache hit / bundle
HIT=${HIT:-auto}                # cache-hit rows: auto (if the cache works) | 0 | 1
BUNDLE=${BUNDLE:-auto}          # --run-bundle rows: auto (if --emit-bundle works) | 0 | 1
TARGETS=${TARGETS:-}            # tracer whose issue-6 targets are checked
RAW_TABLE=${RAW_TABLE:-1}       # 1: list every sample in the markdown too
OUT_DIR=${OUT_DIR:-}
JSON_OUT=${JSON_OUT:-}
MD_OUT=${MD_OUT:-}
RATIO_STAT=${RATIO_STAT:-best}  # x-ref ratios on: best (min; max for rates) | median
QUIET_WAIT_S=${QUIET_WAIT_S:-20} # per section: wait this long at most for
QUIET_BUSY_PCT=${QUIET_BUSY_PCT:-15} #   background CPU use <= this (and no
                                #   foreign syscall tracepoints attached)
TIMEOUT_A=${TIMEOUT_A:-120}     # seconds, per startup run
TIMEOUT_B=${TIMEOUT_B:-600}     # seconds, per many-probe run
READY_TIMEOUT=${READY_TIMEOUT:-120}
STOP_TIMEOUT=${STOP_TIMEOUT:-60}
SESSION_TIMEOUT=${SESSION_TIMEOUT:-900} # hard cap on one traced session
ATTACH_CHECK_S=${ATTACH_CHECK_S:-5}
SAMPLE_CLEAN_WAIT_S=${SAMPLE_CLEAN_WAIT_S:-10} # C/D: wait for other BPF on
SAMPLE_RETRIES=${SAMPLE_RETRIES:-2}    # syscall tracepoints to go; redo a run
                                       # that such BPF overlapped, this often
DRAIN_QUIET_MS=${DRAIN_QUIET_MS:-500}
DRAIN_MAX_S=${DRAIN_MAX_S:-120}
KEEP_RAW=${KEEP_RAW:-0}         # 1: keep every tracer's output under OUT_DIR
TRACEFS=${TRACEFS:-/sys/kernel/tracing}
NCPU=$(nproc)
WORKLOAD_CPU=${WORKLOAD_CPU:-$((NCPU - 1))}
REF_NAME=libbpf-ref
REF_DETACH_THREADS=${REF_DETACH_THREADS:-64} # B: extra ref rows, parallel detach

usage() {
	sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
	cat <<EOF

options (each also settable by the environment variable in brackets):
  -t, --tracer NAME=CMD  add a tracer column; CMD is word-split, gets -e SCRIPT
                         appended; "CMD" alone names it after its basename.
                         Repeatable. [TRACERS, space-separated; default bpftrace]
  -c, --cache NAME       NAME has a compile cache (sonde): its column runs with
                         --no-cache (cold), and A gets cache-hit and bundle
                         rows for it (--emit-bundle/--run-bundle). Repeatable.
                         [CACHE_TRACERS; HIT=auto|0|1 BUNDLE=auto|0|1]
  -T, --targets NAME     append the issue-6 targets table for tracer NAME
                         [TARGETS]
  -r, --runs N           samples per metric, min 5 recommended [RUNS=$RUNS]
      --many-runs N      samples for B sys_enter_* [MANY_RUNS=$MANY_RUNS]
  -s, --sections LIST    any of A B C D [SECTIONS=$SECTIONS]
  -n N                   C: syscalls per workload run [N=$N]
      --printf-n N       D: events per run [PRINTF_N=$PRINTF_N]
      --no-ref           skip the libbpf reference [REF=0]
  -o, --out DIR          results dir [OUT_DIR, default /tmp/sonde-bench-results/DATE]
      --json FILE        JSON output [JSON_OUT, default DIR/results.json]
      --md FILE          markdown output [MD_OUT, default DIR/results.md]
      --ratio-stat S     best|median for the x-ref columns [RATIO_STAT=$RATIO_STAT]
  -h, --help
more knobs: WARMUP QUIET_WAIT_S QUIET_BUSY_PCT TIMEOUT_A TIMEOUT_B READY_TIMEOUT
  STOP_TIMEOUT ATTACH_CHECK_S DRAIN_QUIET_MS KEEP_RAW WORKLOAD_CPU BUILD_DIR
EOF
}

CLI_TRACERS=()
while [ $# -gt 0 ]; do
	case $1 in
	-t|--tracer) CLI_TRACERS+=("$2"); shift 2 ;;
	-c|--cache) CACHE_TRACERS+=" $2"; shift 2 ;;
	-T|--targets) TARGETS=$2; shift 2 ;;
	-r|--runs) RUNS=$2; shift 2 ;;
	--many-runs) MANY_RUNS=$2; shift 2 ;;
	-s|--sections) SECTIONS=$2; shift 2 ;;
	-n) N=$2; shift 2 ;;
	--printf-n) PRINTF_N=$2; shift 2 ;;
	--no-ref) REF=0; shift ;;
	-o|--out) OUT_DIR=$2; shift 2 ;;
	--json) JSON_OUT=$2; shift 2 ;;
	--md) MD_OUT=$2; shift 2 ;;
	--ratio-stat) RATIO_STAT=$2; shift 2 ;;
	-h|--help) usage; exit 0 ;;
	*) echo "unknown argument: $1 (try --help)" >&2; exit 2 ;;
	esac
done
SECTIONS=${SECTIONS^^}
[ -n "$OUT_DIR" ] || OUT_DIR=/tmp/sonde-bench-results/$(date +%Y%m%d-%H%M%S)
[ -n "$JSON_OUT" ] || JSON_OUT=$OUT_DIR/results.json
[ -n "$MD_OUT" ] || MD_OUT=$OUT_DIR/results.md
RAW=$OUT_DIR/raw
mkdir -p "$OUT_DIR" "$RAW" "$(dirname "$JSON_OUT")" "$(dirname "$MD_OUT")"

log() { printf '[bench %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ------------------------------------------------------------------ tracers --
T_NAMES=() T_CMDS=() T_BASE=() T_CACHE=()
add_tracer() {
	local spec=$1 name cmd
	if [[ $spec == *=* ]]; then name=${spec%%=*}; cmd=${spec#*=}
	else cmd=$spec; name=$(basename "${spec%% *}"); fi
	T_NAMES+=("$name"); T_BASE+=("$cmd")
	# a tracer with a compile cache: its column is the cold case
	if [[ " $CACHE_TRACERS " == *" $name "* ]]; then T_CMDS+=("$cmd --no-cache"); T_CACHE+=(1)
	else T_CMDS+=("$cmd"); T_CACHE+=(0); fi
}
if [ ${#CLI_TRACERS[@]} -gt 0 ]; then
	for t in "${CLI_TRACERS[@]}"; do add_tracer "$t"; done
else
	for t in ${TRACERS:-bpftrace}; do add_tracer "$t"; done
fi
NT=${#T_NAMES[@]}   # tracers under test; the reference (if any) is index NT

# ------------------------------------------------------------ preflight ------
[ "$(id -u)" = 0 ] || die "must run as root"
if [ ! -d "$TRACEFS/events" ]; then
	mount -t tracefs nodev "$TRACEFS" 2>/dev/null || true
	[ -d "$TRACEFS/events" ] || die "no tracefs at $TRACEFS"
fi
[ -d "$TRACEFS/events/syscalls/sys_enter_$SYSCALL" ] || die "no tracepoint syscalls:sys_enter_$SYSCALL"
for i in $(seq 0 $((NT - 1))); do
	read -r -a _a <<<"${T_CMDS[$i]}"
	command -v "${_a[0]}" >/dev/null || die "tracer ${T_NAMES[$i]}: '${_a[0]}' not found"
done
HAVE_BPFTOOL=0; command -v bpftool >/dev/null && HAVE_BPFTOOL=1
TASKSET=(); command -v taskset >/dev/null && TASKSET=(taskset -c "$WORKLOAD_CPU")

build() {
	mkdir -p "$BUILD_DIR"
	local cc=${CC:-cc} bpfcc=${BPF_CLANG:-clang}
	$cc -O2 -Wall -o "$BUILD_DIR/runstat" "$SRC/runstat.c" || return 1
	$cc -O2 -Wall -o "$BUILD_DIR/workload" "$SRC/workload.c" || return 1
	if [ "$REF" = 1 ]; then
		if ! { $bpfcc -O2 -g -target bpf -I"/usr/include/$(uname -m)-linux-gnu" \
			-c "$SRC/ref.bpf.c" -o "$BUILD_DIR/ref.bpf.o" &&
			$cc -O2 -Wall -o "$BUILD_DIR/ref_loader" "$SRC/ref_loader.c" -lbpf -lelf -lz -lpthread; }; then
			log "WARNING: cannot build the libbpf reference (needs clang, libbpf-dev, libelf-dev); skipping it"
			REF=0
		fi
	fi
}
build || die "build of helpers failed"
RS=$BUILD_DIR/runstat WL=$BUILD_DIR/workload
if [ "$REF" = 1 ]; then T_NAMES+=("$REF_NAME"); T_CMDS+=("ref_loader"); T_BASE+=("ref_loader"); T_CACHE+=(0); fi
NALL=${#T_NAMES[@]}
is_ref() { [ "$REF" = 1 ] && [ "$1" -eq "$NT" ]; }
HAS_CACHE=0; for _c in "${T_CACHE[@]}"; do [ "$_c" = 1 ] && HAS_CACHE=1; done

# argv for tracer $1: a tracer gets "-e SCRIPT", the reference gets REFARGS.
# VARIANT (A only, tracers with a compile cache): "hit" runs the plain
# command (cache on; the caller warms the cache first), "bundle" runs
# "--run-bundle VARIANT_BUNDLE" (written by --emit-bundle beforehand).
ARGV=() VARIANT="" VARIANT_BUNDLE=""
build_argv() { # idx script refargs
	if is_ref "$1"; then
		read -r -a ARGV <<<"$BUILD_DIR/ref_loader --obj $BUILD_DIR/ref.bpf.o --tracefs $TRACEFS $3"
	elif [ "$VARIANT" = hit ]; then
		read -r -a ARGV <<<"${T_BASE[$1]}"
		ARGV+=(-e "$2")
	elif [ "$VARIANT" = bundle ]; then
		read -r -a ARGV <<<"${T_BASE[$1]}"
		ARGV+=(--run-bundle "$VARIANT_BUNDLE")
	else
		read -r -a ARGV <<<"${T_CMDS[$1]}"
		ARGV+=(-e "$2")
	fi
}

# Does tracer $1's compile cache work? A run must leave a new file under a
# cache folder whose path names sonde (XDG_CACHE_HOME, ~/.cache, the
# user's home from passwd, /var/cache).
cache_works() { # idx
	local a stamp dirs=() d home n
	read -r -a a <<<"${T_BASE[$1]}"
	stamp=$(mktemp); sleep 0.05
	# a script never seen before (a cached one would not be written again)
	timeout 60 "${a[@]}" -e "BEGIN { @bench_probe = $(date +%s%N); exit(); }" >/dev/null 2>&1 </dev/null
	home=$(getent passwd "$(id -un)" | cut -d: -f6)
	for d in "${XDG_CACHE_HOME:-}" "$HOME/.cache" "$home/.cache" /var/cache; do
		[ -n "$d" ] && [ -d "$d" ] && dirs+=("$d")
	done
	n=$(find "${dirs[@]}" -maxdepth 3 -path '*sonde*' -type f -newer "$stamp" 2>/dev/null | wc -l)
	rm -f "$stamp"
	[ "$n" -gt 0 ]
}
# Does tracer $1 write bundles? -> 0 if --emit-bundle FILE wrote FILE
bundle_works() { # idx
	local a f ok=1
	read -r -a a <<<"${T_BASE[$1]}"
	f=$(mktemp -u "$BUILD_DIR/probe-XXXXXX.bundle")
	timeout 60 "${a[@]}" --emit-bundle "$f" -e 'BEGIN { exit(); }' >/dev/null 2>&1 </dev/null
	[ -s "$f" ] && ok=0
	rm -f "$f"
	return $ok
}

tracer_version() {
	if is_ref "$1"; then
		echo "libbpf $(dpkg-query -W -f='${Version}' libbpf-dev 2>/dev/null || echo '?'), $(${BPF_CLANG:-clang} --version | head -1)"
		return
	fi
	local a; read -r -a a <<<"${T_BASE[$1]}"
	timeout 10 "${a[@]}" --version 2>&1 | head -1
}

# ------------------------------------------------------------ bookkeeping ----
declare -A S=()      # "metric|tracer" -> space-separated samples
declare -A FAILS=()  # "metric|tracer" -> failed sample count
declare -A NOTE=()   # "metric|tracer" -> free text (verification)
M_IDS=()             # metric ids in table order
declare -A M_LABEL=() M_UNIT=() M_RATIO=() M_DEC=() M_BETTER=()
declare -A M_REFOF=()  # metric -> the metric whose reference value its x ref uses
declare -A NA_NOTE=()  # "metric|tracer" -> why the cell was not measured
NOISE_JSON=()        # per-sample noise records (JSON objects)

# id label unit ratio decimals [better]
#   ratio: cost = tracer/ref, inv = ref/tracer (rates), none = no ratio
#   better: lo (default; best sample = min) or hi (rates; best = max)
metric() {
	M_IDS+=("$1"); M_LABEL[$1]=$2; M_UNIT[$1]=$3; M_RATIO[$1]=$4; M_DEC[$1]=$5
	M_BETTER[$1]=${6:-lo}
}
rec() { S["$1|$2"]="${S["$1|$2"]:-} $3"; }
fail() { FAILS["$1|$2"]=$(( ${FAILS["$1|$2"]:-0} + 1 )); }
kv() { [[ " $2" =~ \ $1=([^ ]*) ]] && echo "${BASH_REMATCH[1]}"; }
stats() { # "samples" -> "min median max n"
	printf '%s\n' $1 | awk 'NF' | sort -g | awk '{a[NR]=$1}
	END { if (NR == 0) { print "NA NA NA 0"; exit }
	      m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
	      printf "%.6g %.6g %.6g %d\n", a[1], m, a[NR], NR }'
}
calc() { awk "BEGIN { printf \"%.6g\", $* }"; }

cpu_busy_pct() { # background CPU use over $1 seconds, in percent
	local _c u n s i w q sq st t1 i1 t2 i2
	read -r _c u n s i w q sq st _ </proc/stat
	t1=$((u + n + s + i + w + q + sq + st)) i1=$((i + w))
	sleep "$1"
	read -r _c u n s i w q sq st _ </proc/stat
	t2=$((u + n + s + i + w + q + sq + st)) i2=$((i + w))
	[ $((t2 - t1)) -gt 0 ] || { echo 0; return; }
	echo $(( (100 * ((t2 - t1) - (i2 - i1))) / (t2 - t1) ))
}
foreign_tps() { # syscall tracepoints with BPF attached right now (not ours:
	# called only while none of ours runs); they slow every syscall
	[ "$HAVE_BPFTOOL" = 1 ] || { echo NA; return; }
	bpftool perf show 2>/dev/null | grep -cE '(raw_)?tracepoint +sys_(enter|exit)' || true
}
wait_quiet() { # $1 section: wait (bounded) until the machine looks idle
	local deadline=$((SECONDS + QUIET_WAIT_S)) b f
	while :; do
		b=$(cpu_busy_pct 0.5); f=$(foreign_tps)
		if [ "$b" -le "$QUIET_BUSY_PCT" ] && { [ "$f" = 0 ] || [ "$f" = NA ]; }; then break; fi
		[ $SECONDS -lt $deadline ] || { log "section $1: machine not quiet (busy ${b}%, foreign syscall tracepoints $f); going on"; break; }
		sleep 1
	done
	SECTION_BUSY+="${SECTION_BUSY:+, }$1 ${b}%"
	NOISE_JSON+=("{\"section\":\"$1\",\"when\":\"start\",\"busy_pct\":$b,\"foreign_syscall_tps\":\"$f\",\"loadavg\":\"$(cut -d' ' -f1-3 /proc/loadavg)\"}")
}
no_foreign() { local f; f=$(foreign_tps); [ "$f" = 0 ] || [ "$f" = NA ]; }
# run "$@" (one C/D sample) while no other BPF sits on syscall tracepoints
# (it would slow every syscall, and run on ours): wait for that first
# (bounded), check again after, and redo an overlapped sample a few times.
# Records the background CPU use measured just before. -> SAMPLE_DIRTY
run_clean() { # section metric tracer round cmd...
	local sec=$1 met=$2 tr=$3 rnd=$4 a i b
	shift 4
	SAMPLE_DIRTY=1
	for a in $(seq $((SAMPLE_RETRIES + 1))); do
		for i in $(seq $((SAMPLE_CLEAN_WAIT_S * 4))); do no_foreign && break; sleep 0.25; done
		b=$(cpu_busy_pct 0.3)
		"$@" || return 1
		if no_foreign; then SAMPLE_DIRTY=0; break; fi
		[ "$a" -le "$SAMPLE_RETRIES" ] && log "  $met $tr: other BPF on syscall tracepoints during the run; redoing it"
	done
	NOISE_JSON+=("{\"section\":\"$sec\",\"metric\":\"$met\",\"tracer\":\"$tr\",\"round\":$rnd,\"busy_pct\":$b,\"foreign_bpf_on_syscalls\":$([ $SAMPLE_DIRTY = 1 ] && echo true || echo false),\"attempts\":$a}")
	NOISE_BUSY+=" $b"
	NOISE_DIRTY=$((NOISE_DIRTY + SAMPLE_DIRTY))
	NOISE_SAMPLES=$((NOISE_SAMPLES + 1))
	return 0
}
NOISE_BUSY="" NOISE_DIRTY=0 NOISE_SAMPLES=0

# ------------------------------------------------ background tracer sessions --
BG_RS_PID="" BG_TPID="" BG_P=""
cleanup() {
	if [ -n "$BG_TPID" ] && kill -0 "$BG_TPID" 2>/dev/null; then
		kill -TERM "$BG_TPID" 2>/dev/null; sleep 1
		kill -KILL "$BG_TPID" 2>/dev/null
	fi
	[ -n "$BG_RS_PID" ] && wait "$BG_RS_PID" 2>/dev/null
}
trap cleanup EXIT
trap 'log interrupted; exit 130' INT TERM

start_bg() { # idx script refargs prefix -> BG_*; 1 if it did not start
	build_argv "$1" "$2" "$3"
	BG_P=$4; rm -f "$BG_P".*
	"$RS" -t "$SESSION_TIMEOUT" -o "$BG_P.out" -e "$BG_P.err" -p "$BG_P.pid" -- "${ARGV[@]}" >"$BG_P.rs" &
	BG_RS_PID=$! BG_TPID=""
	local i
	for i in $(seq 250); do
		[ -s "$BG_P.pid" ] && { BG_TPID=$(<"$BG_P.pid"); return 0; }
		sleep 0.02
	done
	return 1
}
wait_ready() { # -> 0 once READY is printed; 1 if the tracer died or timed out
	local i
	for i in $(seq $((READY_TIMEOUT * 50))); do
		grep -qx READY "$BG_P.out" 2>/dev/null && return 0
		kill -0 "$BG_RS_PID" 2>/dev/null || return 1
		sleep 0.02
	done
	return 1
}
attach_check() { # tracepoint names that must show as attached by BG_TPID
	[ "$HAVE_BPFTOOL" = 1 ] || return 0
	local i name ok
	for i in $(seq $((ATTACH_CHECK_S * 20))); do
		ok=1
		for name in "$@"; do
			bpftool perf show 2>/dev/null |
				grep -qE "^pid $BG_TPID +fd .*tracepoint +$name\$" || { ok=0; break; }
		done
		[ $ok = 1 ] && return 0
		sleep 0.05
	done
	return 1
}
# BPF programs that BG_TPID attached to these tracepoints, summed (what runs
# per event: for lat, an enter and an exit program): -> PROG_INSNS (xlated
# instructions, i.e. after the verifier's rewrites), PROG_JITED (bytes)
prog_size() { # tpnames...
	PROG_INSNS="" PROG_JITED=""
	[ "$HAVE_BPFTOOL" = 1 ] || return 0
	local name id line x j sx=0 sj=0 found=0 perf
	perf=$(bpftool perf show 2>/dev/null)
	for name in "$@"; do
		id=$(awk -v pid="$BG_TPID" -v n="$name" '$1 == "pid" && $2 == pid && $NF == n { print $6; exit }' <<<"$perf")
		[ -n "$id" ] || return 0
		line=$(bpftool prog show id "$id" 2>/dev/null | tr '\n' ' ')
		x=$(sed -n -E 's/.*xlated ([0-9]+)B.*/\1/p' <<<"$line") j=$(sed -n -E 's/.*jited ([0-9]+)B.*/\1/p' <<<"$line")
		[ -n "$x" ] || return 0
		sx=$((sx + x / 8)) sj=$((sj + ${j:-0})) found=1
	done
	[ $found = 1 ] && PROG_INSNS=$sx PROG_JITED=$sj
	return 0
}
stop_bg() { # SIGINT, then escalate; leaves runstat's line in $BG_P.rs
	local i
	[ -n "$BG_RS_PID" ] || return 0
	if [ -n "$BG_TPID" ]; then kill -INT "$BG_TPID" 2>/dev/null
	else kill -TERM "$BG_RS_PID" 2>/dev/null; fi   # runstat shuts its child down
	for i in $(seq $((STOP_TIMEOUT * 20))); do
		kill -0 "$BG_RS_PID" 2>/dev/null || break
		sleep 0.05
	done
	if kill -0 "$BG_RS_PID" 2>/dev/null; then
		log "tracer pid $BG_TPID ignored SIGINT for ${STOP_TIMEOUT}s; SIGTERM/SIGKILL"
		[ -n "$BG_TPID" ] && kill -TERM "$BG_TPID" 2>/dev/null
		kill -TERM "$BG_RS_PID" 2>/dev/null; sleep 5
		[ -n "$BG_TPID" ] && kill -KILL "$BG_TPID" 2>/dev/null
	fi
	wait "$BG_RS_PID" 2>/dev/null
	BG_RS_PID="" BG_TPID=""
}
drop_raw() { [ "$KEEP_RAW" = 1 ] || rm -f "$1".*; }

# counts in a tracer's output (bpftrace text format)
map_value() { awk -v k="@[$2]:" '$1 == k { v = $2 } END { print v + 0 }' "$1"; }
hist_sum() { awk '/^[[(][^]]*[])][ \t]+[0-9]+[ \t]+\|/ { sub(/[ \t]*\|.*$/, ""); s += $NF } END { print s + 0 }' "$1"; }
lost_sum() { cat "$@" 2>/dev/null | awk '/^Lost [0-9]+ events/ { s += $2 } END { print s + 0 }'; }
# the attach line and the lost-events line may be on stdout or stderr: read both files given
probes_attached() { cat "$@" 2>/dev/null | sed -n -E 's/^Attach(ing|ed) ([0-9]+) probes?.*/\2/p' | head -1; }

# ------------------------------------------------------------- sections A B --
# one foreground run, the tracer exits by itself (exit() in the script)
#   -> FG_WALL_NS FG_RSS_KB FG_READY_NS (-1: no READY line) FG_PROBES
fg_run() { # key idx script refargs timeout
	local key=$1 idx=$2 p=$RAW/${1}_$2 line st to
	build_argv "$idx" "$3" "$4"
	line=$("$RS" -t "$5" -r READY -o "$p.out" -e "$p.err" -- "${ARGV[@]}")
	st=$(kv status "$line") to=$(kv timed_out "$line")
	if [ "$st" != 0 ] || [ "$to" != 0 ]; then
		log "  ${T_NAMES[$idx]}: $key failed (status $st, timed out $to): $(head -c 300 "$p.err" | tr '\n' ' ')"
		return 1
	fi
	FG_WALL_NS=$(kv wall_ns "$line") FG_RSS_KB=$(kv maxrss_kb "$line")
	FG_READY_NS=$(kv ready_ns "$line") FG_PROBES=$(probes_attached "$p.out" "$p.err")
	drop_raw "$p"
	return 0
}

# The reference detaches from many threads (the kernel waits for an RCU grace
# period per tracepoint detach; overlapping them is the fastest exit known).
# Its plain serial exit is measured too, as key.swall.
REF_PAR="--detach-threads $REF_DETACH_THREADS"

# the cache-hit / bundle variants of A (tracers with a compile cache only)
VARIANTS=()          # variants measured: hit bundle
declare -A VAR_OFF=() # variant -> why it is not measured
variant_rows() { # key "label prefix" has-ready
	local v key=$1 what
	[ "$HAS_CACHE" = 1 ] || return 0
	for v in hit bundle; do
		case $v in
		hit) what="compile cache hit" ;;
		bundle) what="\`--run-bundle\` of a bundle written by \`--emit-bundle\`" ;;
		esac
		[ "$3" = 1 ] && metric "$key.$v.ready" "$2, $what: time to READY" ms cost 1 && M_REFOF[$key.$v.ready]=$key.ready
		metric "$key.$v.wall" "$2, $what: wall" ms cost 1; M_REFOF[$key.$v.wall]=$key.wall
		metric "$key.$v.rss" "$2, $what: peak RSS" MiB cost 1; M_REFOF[$key.$v.rss]=$key.rss
		if [ -n "${VAR_OFF[$v]:-}" ]; then
			local i id
			for i in $(seq 0 $((NT - 1))); do
				[ "${T_CACHE[$i]}" = 1 ] || continue
				for id in "$key.$v.ready" "$key.$v.wall" "$key.$v.rss"; do NA_NOTE["$id|${T_NAMES[$i]}"]=${VAR_OFF[$v]}; done
			done
		fi
	done
}
# one measured run of a variant: warm the cache (hit) or write the bundle
# (bundle; once per script) first, unmeasured
variant_run() { # key idx variant script timeout div
	local key=$1 idx=$2 v=$3 script=$4 to=$5 div=$6 t=${T_NAMES[$2]} a
	read -r -a a <<<"${T_BASE[$idx]}"
	VARIANT=$v
	if [ "$v" = hit ]; then
		fg_run "$key.warm" "$idx" "$script" "" "$to" || { VARIANT=""; fail "$key.$v.wall" "$t"; return; }
	else
		VARIANT_BUNDLE=$OUT_DIR/bundles/$key.$idx.bundle; mkdir -p "$OUT_DIR/bundles"
		if [ ! -s "$VARIANT_BUNDLE" ]; then
			timeout "$to" "${a[@]}" --emit-bundle "$VARIANT_BUNDLE" -e "$script" >/dev/null 2>&1 </dev/null
			[ -s "$VARIANT_BUNDLE" ] || { log "  $t: --emit-bundle failed for $key"; VARIANT=""; fail "$key.$v.wall" "$t"; return; }
		fi
	fi
	if fg_run "$key.$v" "$idx" "$script" "" "$to"; then
		rec "$key.$v.wall" "$t" "$(calc "$FG_WALL_NS / $div")"
		rec "$key.$v.rss" "$t" "$(calc "$FG_RSS_KB / 1024")"
		[ "${FG_READY_NS:--1}" -ge 0 ] && rec "$key.$v.ready" "$t" "$(calc "$FG_READY_NS / 1e6")"
	else
		fail "$key.$v.wall" "$t"
	fi
	VARIANT=""
}
detect_variants() {
	local i v
	VAR_OFF=() VARIANTS=()
	for i in $(seq 0 $((NT - 1))); do
		[ "${T_CACHE[$i]}" = 1 ] || continue
		case $HIT in
		0) VAR_OFF[hit]="not measured (HIT=0)" ;;
		1) ;;
		*) cache_works "$i" || VAR_OFF[hit]="n/a: no compile cache yet" ;;
		esac
		case $BUNDLE in
		0) VAR_OFF[bundle]="not measured (BUNDLE=0)" ;;
		1) ;;
		*) bundle_works "$i" || VAR_OFF[bundle]="n/a: no --emit-bundle yet" ;;
		esac
	done
	for v in hit bundle; do [ -z "${VAR_OFF[$v]:-}" ] && VARIANTS+=("$v"); done
	[ "$HAS_CACHE" = 1 ] || VARIANTS=()
	[ "$HAS_CACHE" = 1 ] && log "compile cache variants measured: ${VARIANTS[*]:-none}${VAR_OFF[hit]:+ (hit: ${VAR_OFF[hit]})}${VAR_OFF[bundle]:+ (bundle: ${VAR_OFF[bundle]})}"
}

startup_case() { # key runs warmups wall-unit(ms|s) script refargs timeout [variants]
	local key=$1 runs=$2 warm=$3 div=1e6 script=$5 refargs=$6 to=$7 vars=${8:-0} idx r t v
	[ "$4" = s ] && div=1e9
	for idx in $(seq 0 $((NALL - 1))); do
		for r in $(seq "$warm"); do fg_run "$key" "$idx" "$script" "$refargs $REF_PAR" "$to"; done
	done
	# rounds interleave the tracers so slow drifts hit all of them alike
	for r in $(seq "$runs"); do
		for idx in $(seq 0 $((NALL - 1))); do
			t=${T_NAMES[$idx]}
			[ "$runs" -le 2 ] && log "  $key run $r/$runs: $t"
			if fg_run "$key" "$idx" "$script" "$refargs $REF_PAR" "$to"; then
				rec "$key.wall" "$t" "$(calc "$FG_WALL_NS / $div")"
				rec "$key.rss" "$t" "$(calc "$FG_RSS_KB / 1024")"
				[ "${FG_READY_NS:--1}" -ge 0 ] && rec "$key.ready" "$t" "$(calc "$FG_READY_NS / 1e6")"
				[ -n "$FG_PROBES" ] && rec "$key.probes" "$t" "$FG_PROBES"
			else
				fail "$key.wall" "$t"
			fi
			if [ "$vars" = 1 ] && ! is_ref "$idx" && [ "${T_CACHE[$idx]}" = 1 ]; then
				for v in "${VARIANTS[@]}"; do variant_run "$key" "$idx" "$v" "$script" "$to" "$div"; done
			fi
			if is_ref "$idx" && [[ " ${M_IDS[*]} " == *" $key.swall "* ]]; then
				if fg_run "$key" "$idx" "$script" "$refargs" "$to"; then
					rec "$key.swall" "$t" "$(calc "$FG_WALL_NS / $div")"
				else
					fail "$key.swall" "$t"
				fi
			fi
		done
	done
	log "$key done"
}

# A2, A3 and B get a BEGIN probe that prints READY: bpftrace prints BEGIN's
# output only once every probe is attached, so "time to READY" is the
# startup latency a user waits for before tracing starts; wall is until the
# process is gone (includes detaching and exit).
section_A() {
	detect_variants
	metric A.begin.wall "A1 \`BEGIN { exit(); }\`: wall" ms cost 1
	metric A.begin.rss "A1 \`BEGIN { exit(); }\`: peak RSS" MiB cost 1
	variant_rows A.begin "A1" 0
	metric A.tp.ready "A2 1 tracepoint (sys_enter_openat count + interval exit): time to READY" ms cost 1
	metric A.tp.wall "A2 1 tracepoint: wall" ms cost 1
	metric A.tp.rss "A2 1 tracepoint: peak RSS" MiB cost 1
	variant_rows A.tp "A2" 1
	metric A.hist.ready "A3 read-latency hist (sys_enter/exit_read, @start, hist): time to READY" ms cost 1
	metric A.hist.wall "A3 read-latency hist: wall" ms cost 1
	metric A.hist.rss "A3 read-latency hist: peak RSS" MiB cost 1
	variant_rows A.hist "A3" 1
	wait_quiet A
	startup_case A.begin "$RUNS" "$WARMUP" ms 'BEGIN { exit(); }' "--mode begin" "$TIMEOUT_A" 1
	startup_case A.tp "$RUNS" "$WARMUP" ms \
		"${READY_PROBE}tracepoint:syscalls:sys_enter_openat { @[comm] = count(); } interval:ms:1 { exit(); }" \
		"--mode count --tp syscalls:sys_enter_openat --duration-ms 1" "$TIMEOUT_A" 1
	startup_case A.hist "$RUNS" "$WARMUP" ms \
		"${READY_PROBE}tracepoint:syscalls:sys_enter_read { @start[tid] = nsecs; } tracepoint:syscalls:sys_exit_read /@start[tid]/ { @usecs = hist((nsecs - @start[tid]) / 1000); delete(@start[tid]); } interval:ms:1 { exit(); }" \
		"--mode lat --tp syscalls:sys_enter_read --tp2 syscalls:sys_exit_read --duration-ms 1" "$TIMEOUT_A" 1
}

section_B() {
	metric B.sched.ready "B1 \`tracepoint:sched:* { @[probe] = count(); }\` + interval exit: time to READY" ms cost 1
	metric B.sched.wall "B1 sched:*: wall" ms cost 1
	metric B.sched.swall "B1 sched:*: wall of the ref detaching serially (plain libbpf)" ms none 1
	metric B.sched.rss "B1 sched:*: peak RSS" MiB cost 1
	metric B.sched.probes "B1 sched:*: probes attached (bpftrace also counts BEGIN and interval)" probes none 0
	metric B.sysenter.ready "B2 \`tracepoint:syscalls:sys_enter_* { @[probe] = count(); }\` + interval exit ($MANY_RUNS runs): time to READY" ms cost 1
	metric B.sysenter.wall "B2 sys_enter_*: wall" s cost 2
	metric B.sysenter.swall "B2 sys_enter_*: wall of the ref detaching serially (plain libbpf)" s none 2
	metric B.sysenter.rss "B2 sys_enter_*: peak RSS" MiB cost 1
	metric B.sysenter.probes "B2 sys_enter_*: probes attached (bpftrace also counts BEGIN and interval)" probes none 0
	wait_quiet B
	startup_case B.sched "$RUNS" "$WARMUP" ms \
		"${READY_PROBE}tracepoint:sched:* { @[probe] = count(); } interval:ms:1 { exit(); }" \
		"--mode many --glob sched:* --duration-ms 1" "$TIMEOUT_B"
	startup_case B.sysenter "$MANY_RUNS" 0 s \
		"${READY_PROBE}tracepoint:syscalls:sys_enter_* { @[probe] = count(); } interval:ms:1 { exit(); }" \
		"--mode many --glob syscalls:sys_enter_* --duration-ms 1" "$TIMEOUT_B"
}

# ----------------------------------------------------------------- section C --
# one traced session: start tracer, wait until attached, run the workload,
# stop the tracer, verify the tracer saw the events.
# -> TR_NS (ns per syscall), TR_SEEN (events the tracer reports), TR_OK
traced_run() { # cfg idx script refargs tpnames n [drain]
	local cfg=$1 idx=$2 n=$6 drain=${7:-0} p wl wpid
	p=$RAW/C_${cfg}_${idx}
	TR_OK=0 TR_NS="" TR_SEEN="" TR_LINE=""
	if ! start_bg "$idx" "$3" "$4" "$p"; then
		log "  ${T_NAMES[$idx]} $cfg: did not start"; stop_bg; return 1
	fi
	if ! wait_ready; then
		log "  ${T_NAMES[$idx]} $cfg: no READY line: $(head -c 300 "$p.err" | tr '\n' ' ')"
		stop_bg; return 1
	fi
	# shellcheck disable=SC2086
	attach_check $5 || log "  ${T_NAMES[$idx]} $cfg: bpftool does not show $5 attached by pid $BG_TPID; counts will tell"
	# the size of the BPF program(s) on these tracepoints (first round only)
	# shellcheck disable=SC2086
	[ "${CUR_ROUND:-1}" = 1 ] && prog_size $5
	if [ "$drain" = 1 ]; then
		wl=$("${TASKSET[@]}" "$WL" -n "$n" -s "$SYSCALL" -d "$p.out" -q "$DRAIN_QUIET_MS" -T "$DRAIN_MAX_S")
	else
		wl=$("${TASKSET[@]}" "$WL" -n "$n" -s "$SYSCALL")
	fi
	stop_bg
	TR_LINE=$wl TR_RS=$(cat "$p.rs" 2>/dev/null)
	TR_NS=$(kv ns_per_call "$wl") wpid=$(kv pid "$wl")
	case $cfg in
	count) TR_SEEN=$(map_value "$p.out" "$wpid") ;;
	hist|lat) TR_SEEN=$(hist_sum "$p.out") ;;
	printf)
		TR_SEEN=$(awk -v p="$wpid" '$1 == p { c++ } END { print c + 0 }' "$p.out")
		TR_LOST=$(lost_sum "$p.out" "$p.err") ;;
	*) TR_SEEN=$n ;;
	esac
	# the tracer must have seen (about) every event: other processes may add
	# a few getppid calls to hist totals, never remove any
	if [ "$cfg" = printf ]; then
		TR_OK=1
	elif [ "$TR_SEEN" -ge $((n - n / 100)) ] && [ "$TR_SEEN" -le $((n + n / 100 + 1000)) ]; then
		TR_OK=1
	else
		log "  ${T_NAMES[$idx]} $cfg: tracer saw $TR_SEEN of $n events"
	fi
	drop_raw "$p"
	return 0
}

untraced_run() { UNTRACED=$("${TASKSET[@]}" "$WL" -n "$N" -s "$SYSCALL"); }

C_CFGS=(empty count hist lat)
declare -A C_SCRIPT=(
	[empty]=''
	[count]="tracepoint:syscalls:sys_enter_$SYSCALL { @[tid] = count(); }"
	[hist]="tracepoint:syscalls:sys_enter_$SYSCALL { @h = hist(nsecs & 0xffff); }"
	[lat]="tracepoint:syscalls:sys_enter_$SYSCALL { @start[tid] = nsecs; } tracepoint:syscalls:sys_exit_$SYSCALL /@start[tid]/ { @lat = hist(nsecs - @start[tid]); delete(@start[tid]); }"
)
declare -A C_REFARGS=(
	[empty]="--mode empty" [count]="--mode count" [hist]="--mode hist" [lat]="--mode lat"
)
declare -A C_TPS=(
	[empty]="sys_enter_$SYSCALL" [count]="sys_enter_$SYSCALL" [hist]="sys_enter_$SYSCALL"
	[lat]="sys_enter_$SYSCALL sys_exit_$SYSCALL"
)
READY_PROBE='BEGIN { printf("READY\n"); } '

section_C() {
	metric C.none.ns "C0 workload alone: ns per $SYSCALL() (same for every column)" ns none 1
	metric C.empty.ns "C1 empty BPF prog on sys_enter_$SYSCALL (floor; ref only): ns/call" ns none 1
	metric C.empty.added "C1 floor: added ns/event" ns none 1
	metric C.count.ns "C2 \`@[tid] = count()\`: ns/call" ns none 1
	metric C.count.added "C2 \`@[tid] = count()\`: added ns/event" ns cost 1
	metric C.count.ok "C2 runs where the tracer counted ~N events" runs none 0
	metric C.hist.ns "C3 \`@h = hist(nsecs & 0xffff)\`: ns/call" ns none 1
	metric C.hist.added "C3 hist: added ns/event" ns cost 1
	metric C.hist.ok "C3 runs where the hist holds ~N events" runs none 0
	metric C.lat.ns "C4 latency hist, enter+exit probes with @start[tid]: ns/call" ns none 1
	metric C.lat.added "C4 latency hist: added ns per syscall (2 events)" ns cost 1
	metric C.lat.ok "C4 runs where the hist holds ~N events" runs none 0
	metric C.count.rss "C2 tracer peak RSS during the count session" MiB cost 1
	metric C.empty.insns "C1 BPF instructions of the probe program (xlated, after the verifier; \`bpftool prog show\`)" insns none 0
	metric C.count.insns "C2 count: BPF instructions of the probe program (xlated)" insns cost 0
	metric C.count.jited "C2 count: JITed size of the probe program" bytes cost 0
	metric C.hist.insns "C3 hist: BPF instructions of the probe program (xlated)" insns cost 0
	metric C.hist.jited "C3 hist: JITed size of the probe program" bytes cost 0
	metric C.lat.insns "C4 latency: BPF instructions of the enter + exit programs (xlated)" insns cost 0
	metric C.lat.jited "C4 latency: JITed size of the enter + exit programs" bytes cost 0
	wait_quiet C
	local r idx cfg
	for r in $(seq "$RUNS"); do
		CUR_ROUND=$r PROG_INSNS=""
		run_clean C C.none - "$r" untraced_run
		for idx in $(seq 0 $((NALL - 1))); do rec C.none.ns "${T_NAMES[$idx]}" "$(kv ns_per_call "$UNTRACED")"; done
		for cfg in "${C_CFGS[@]}"; do
			for idx in $(seq 0 $((NALL - 1))); do
				[ "$cfg" = empty ] && ! is_ref "$idx" && continue
				if ! run_clean C "C.$cfg" "${T_NAMES[$idx]}" "$r" \
					traced_run "$cfg" "$idx" "$READY_PROBE${C_SCRIPT[$cfg]}" "${C_REFARGS[$cfg]}" "${C_TPS[$cfg]}" "$N"; then
					fail "C.$cfg.ns" "${T_NAMES[$idx]}"; continue
				fi
				rec "C.$cfg.ns" "${T_NAMES[$idx]}" "$TR_NS"
				[ "$cfg" = empty ] || rec "C.$cfg.ok" "${T_NAMES[$idx]}" "$TR_OK"
				[ "$cfg" = count ] && rec C.count.rss "${T_NAMES[$idx]}" "$(calc "$(kv maxrss_kb "$TR_RS") / 1024")"
				if [ "$r" = 1 ] && [ -n "${PROG_INSNS:-}" ]; then
					rec "C.$cfg.insns" "${T_NAMES[$idx]}" "$PROG_INSNS"
					[ "$cfg" = empty ] || rec "C.$cfg.jited" "${T_NAMES[$idx]}" "$PROG_JITED"
				fi
				NOTE["C.$cfg.seen|${T_NAMES[$idx]}"]+=" $TR_SEEN"
			done
		done
		log "C round $r/$RUNS done"
	done
}

# ----------------------------------------------------------------- section D --
section_D() {
	metric D.rate "D1 printf: events delivered per second (workload start to last line; x ref = ref/tracer)" ev/s inv 0 hi
	metric D.delivered "D2 events delivered (of $PRINTF_N)" % none 1 hi
	metric D.lost "D3 events reported lost" % none 1
	metric D.missing "D4 events neither delivered nor reported lost" % none 1
	metric D.ns "D5 workload ns/call while printf-tracing" ns none 1
	metric D.ns_wake "D5 same, ref waking its reader on every event (libbpf's default; ref only)" ns none 1
	metric D.gen "D6 event generation rate (workload side)" ev/s none 0 hi
	metric D.rss "D7 tracer peak RSS during the printf session" MiB cost 1
	metric D.insns "D8 printf: BPF instructions of the probe program (xlated)" insns cost 0
	wait_quiet D
	local script="${READY_PROBE}tracepoint:syscalls:sys_enter_$SYSCALL { printf(\"%d %s\\n\", pid, comm); }"
	local r idx drain dseen total
	for r in $(seq "$RUNS"); do
		CUR_ROUND=$r
		for idx in $(seq 0 $((NALL - 1))); do
			PROG_INSNS=""
			if ! run_clean D D "${T_NAMES[$idx]}" "$r" \
				traced_run printf "$idx" "$script" "--mode printf" "sys_enter_$SYSCALL" "$PRINTF_N" 1; then
				fail D.rate "${T_NAMES[$idx]}"; continue
			fi
			drain=$(kv drain_ns "$TR_LINE") dseen=$(kv drain_seen "$TR_LINE") total=$(kv total_ns "$TR_LINE")
			[ "$(kv drain_timeout "$TR_LINE")" = 1 ] && log "  ${T_NAMES[$idx]} printf: output still growing after ${DRAIN_MAX_S}s"
			if [ "${dseen:-0}" -gt 0 ] && [ "${drain:-0}" -gt 0 ]; then
				rec D.rate "${T_NAMES[$idx]}" "$(calc "$dseen / ($drain / 1e9)")"
			else
				rec D.rate "${T_NAMES[$idx]}" 0
			fi
			rec D.delivered "${T_NAMES[$idx]}" "$(calc "100 * $TR_SEEN / $PRINTF_N")"
			rec D.lost "${T_NAMES[$idx]}" "$(calc "100 * $TR_LOST / $PRINTF_N")"
			rec D.missing "${T_NAMES[$idx]}" "$(calc "100 * ($PRINTF_N - $TR_SEEN - $TR_LOST) / $PRINTF_N")"
			rec D.ns "${T_NAMES[$idx]}" "$TR_NS"
			rec D.gen "${T_NAMES[$idx]}" "$(calc "$PRINTF_N / ($total / 1e9)")"
			rec D.rss "${T_NAMES[$idx]}" "$(calc "$(kv maxrss_kb "$TR_RS") / 1024")"
			[ "$r" = 1 ] && [ -n "${PROG_INSNS:-}" ] && rec D.insns "${T_NAMES[$idx]}" "$PROG_INSNS"
			is_ref "$idx" || continue
			if run_clean D D.wake "${T_NAMES[$idx]}" "$r" \
				traced_run printf "$idx" "$script" "--mode printf --wake-bytes 0" "sys_enter_$SYSCALL" "$PRINTF_N" 1; then
				rec D.ns_wake "${T_NAMES[$idx]}" "$TR_NS"
			else
				fail D.ns_wake "${T_NAMES[$idx]}"
			fi
		done
		log "D round $r/$RUNS done"
	done
}

# --------------------------------------------------------------------- run ----
DATE=$(date -u +%Y-%m-%dT%H:%M:%SZ)
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
log "tracers: ${T_NAMES[*]}; sections $SECTIONS; runs $RUNS; results in $OUT_DIR"
declare -A T_VER=()
for idx in $(seq 0 $((NALL - 1))); do T_VER[${T_NAMES[$idx]}]=$(tracer_version "$idx"); done
[[ $SECTIONS == *A* ]] && section_A
[[ $SECTIONS == *B* ]] && section_B
[[ $SECTIONS == *C* ]] && section_C
[[ $SECTIONS == *D* ]] && section_D
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)

# ST["metric|tracer"] = "min median max n best"; best is min, or max for
# metrics where higher is better. "added" rows are derived:
# median(traced) - median(untraced), best(traced) - best(untraced).
declare -A ST=()
derive_added() { # cfg tracer
	local t=$2 nmin nmed tmin tmed tmax tn
	read -r nmin nmed _ _ <<<"$(stats "${S["C.none.ns|$t"]:-}")"
	read -r tmin tmed tmax tn <<<"$(stats "${S["C.$1.ns|$t"]:-}")"
	if [ "$tn" = 0 ] || [ "$nmin" = NA ]; then echo "NA NA NA 0 NA"; return; fi
	echo "$(calc "$tmin - $nmin") $(calc "$tmed - $nmed") $(calc "$tmax - $nmin") $tn $(calc "$tmin - $nmin")"
}
for id in "${M_IDS[@]}"; do
	for t in "${T_NAMES[@]}"; do
		case $id in
		C.*.added) ST["$id|$t"]=$(derive_added "$(cut -d. -f2 <<<"$id")" "$t") ;;
		C.*.ok)
			v=${S["$id|$t"]:-}
			if [ -z "$v" ]; then ST["$id|$t"]="NA NA"
			else ST["$id|$t"]="$(printf '%s\n' $v | grep -c '^1$') $(printf '%s\n' $v | wc -l)"; fi ;;
		*)
			read -r mn md mx n <<<"$(stats "${S["$id|$t"]:-}")"
			b=$mn; [ "${M_BETTER[$id]}" = hi ] && b=$mx
			ST["$id|$t"]="$mn $md $mx $n $b" ;;
		esac
	done
done

fmt() { # value decimals -> human number
	[ "$1" = NA ] && { echo "—"; return; }
	LC_ALL=C awk -v v="$1" -v d="$2" 'BEGIN {
		s = sprintf("%." d "f", v); n = split(s, p, "."); i = p[1]; neg = (i ~ /^-/); sub(/^-/, "", i)
		o = ""; while (length(i) > 3) { o = "," substr(i, length(i) - 2) o; i = substr(i, 1, length(i) - 3) }
		o = i o; if (neg) o = "-" o; if (n > 1) o = o "." p[2]; print o }'
}
cell() { # id tracer
	local id=$1 t=$2 mn md mx n b f s d=${M_DEC[$1]}
	f=${FAILS["$id|$t"]:-0}
	if [[ $id == C.*.ok ]]; then
		read -r mn n <<<"${ST["$id|$t"]}"
		[ "$n" = NA ] && { echo "—"; return; }
		if [ "$mn" = "$n" ]; then echo "$mn/$n ok"; else echo "**$mn/$n**"; fi
		return
	fi
	read -r mn md mx n b <<<"${ST["$id|$t"]}"
	if [ "$n" = 0 ] && [ -n "${NA_NOTE["$id|$t"]:-}" ]; then echo "${NA_NOTE["$id|$t"]}"; return; fi
	if [ "$n" = 0 ]; then if [ "$f" -gt 0 ]; then echo "FAIL ($f)"; else echo "—"; fi; return; fi
	if [ "${M_UNIT[$id]}" = probes ]; then
		s=$(fmt "$mn" 0); [ "$mn" = "$mx" ] || s+="–$(fmt "$mx" 0)"
	elif [ "$n" = 1 ] || [ "$(fmt "$md" "$d")" = "$(fmt "$b" "$d")" ]; then
		s=$(fmt "$md" "$d")
	else
		s="$(fmt "$md" "$d") (best $(fmt "$b" "$d"))"
	fi
	[ "$n" -lt "$RUNS" ] && [[ $id != B.sysenter.* ]] && [[ $id != *.insns ]] && [[ $id != *.jited ]] && s+=" n=$n"
	[ "$f" -gt 0 ] && s+=" +$f failed"
	echo "$s"
}
ratio() { # id tracer -> x ref
	local id=$1 t=$2 a b col=5
	[ "$REF" = 1 ] || { echo "—"; return; }
	[ "${M_RATIO[$id]}" = none ] && { echo ""; return; }
	[ "$RATIO_STAT" = median ] && col=2
	a=$(cut -d' ' -f$col <<<"${ST["$id|$t"]}") b=$(cut -d' ' -f$col <<<"${ST["${M_REFOF[$id]:-$id}|$REF_NAME"]}")
	if [ "$a" = NA ] || [ "$b" = NA ] || [ -z "$a" ] || [ -z "$b" ]; then echo "—"; return; fi
	awk -v a="$a" -v b="$b" -v k="${M_RATIO[$id]}" 'BEGIN {
		if (k == "inv") { t = a; a = b; b = t }
		if (b <= 0 || a < 0) { print "—"; exit }
		r = a / b; printf (r >= 10 ? "%.0f×" : "%.2f×"), r }'
}

# ------------------------------------------------------- issue-6 targets ---
# the targets of issue 6 for tracer $TARGETS, judged on the best values
# (issue 6's own bpftrace/reference figures are best values), medians shown
tv() { # id tracer field(1 min 2 median 3 max 4 n 5 best) -> value or NA
	local v; v=$(cut -d' ' -f"$3" <<<"${ST["$1|$2"]:-NA NA NA 0 NA}")
	echo "${v:-NA}"
}
tfig() { # id tracer decimals unit -> "best (median m)"
	local b m; b=$(tv "$1" "$2" 5) m=$(tv "$1" "$2" 2)
	[ "$b" = NA ] && { echo "—"; return; }
	if [ "$(fmt "$b" "$3")" = "$(fmt "$m" "$3")" ]; then echo "$(fmt "$b" "$3") $4"
	else echo "$(fmt "$b" "$3") $4 (median $(fmt "$m" "$3"))"; fi
}
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }'; }
verdict() { # value limit [le|ge]
	[ "$1" = NA ] && { echo "not measured"; return; }
	if [ "${3:-le}" = ge ]; then le "$2" "$1" && echo "**met**" || echo "**missed**"
	else le "$1" "$2" && echo "**met**" || echo "**missed**"; fi
}
targets_md() {
	local s=$TARGETS B=bpftrace R=$REF_NAME v r why b2 rb v1 v2 c0 rs ss
	[ -n "$s" ] && [[ " ${T_NAMES[*]} " == *" $s "* ]] || return 0
	[[ " ${T_NAMES[*]} " == *" $B "* ]] || B=none
	echo
	echo "## Issue 6 targets ($s)"
	echo
	echo "Judged on the best run (min; max for rates), as issue 6's own figures are; medians in brackets. \`$s\` without a cache flag is measured cold (\`--no-cache\`) everywhere except the cache-hit/bundle rows."
	echo
	echo "| measure | $B | $R | $s | target | verdict |"
	echo "|---|---:|---:|---:|---|---|"
	row() { # label id decimals unit limit [hit]
		v=$(tv "$2" "$s" 5) why=""
		[ "$v" = NA ] && why=${NA_NOTE["$2|$s"]:-}
		local base=${M_REFOF[$2]:-$2}
		echo "| $1 | $(tfig "$base" "$B" "$3" "$4") | $(tfig "$base" "$R" "$3" "$4") | $(tfig "$2" "$s" "$3" "$4") | ≤ $5 $4 | $(verdict "$v" "$5")${why:+ ($why)} |"
	}
	row "A1 \`BEGIN { exit(); }\` wall, cold" A.begin.wall 1 ms 24
	row "A1 same, compile cache hit" A.begin.hit.wall 1 ms 10
	row "A2 one tracepoint: time until attached (READY), cold" A.tp.ready 1 ms 20
	row "A2 same, cache hit" A.tp.hit.ready 1 ms 5
	row "B2 \`sys_enter_*\` count + exit: wall" B.sysenter.wall 2 s 0.5
	row "B1 \`sched:*\` count + exit: wall" B.sched.wall 0 ms 300
	# RSS with a cache hit or a bundle: the better of the two
	v1=$(tv A.hist.hit.rss "$s" 5) v2=$(tv A.hist.bundle.rss "$s" 5) v=NA why=""
	if [ "$v1" != NA ] && { [ "$v2" = NA ] || le "$v1" "$v2"; }; then v=$v1 ss="$(tfig A.hist.hit.rss "$s" 1 MiB) (hit)"
	elif [ "$v2" != NA ]; then v=$v2 ss="$(tfig A.hist.bundle.rss "$s" 1 MiB) (bundle)"
	else ss="—" why="${NA_NOTE["A.hist.hit.rss|$s"]:-not measured}; ${NA_NOTE["A.hist.bundle.rss|$s"]:-}"; fi
	echo "| A3 peak RSS, tracepoint + hist script, cache hit / bundle | $(tfig A.hist.rss "$B" 1 MiB) | $(tfig A.hist.rss "$R" 1 MiB) | $ss | ≤ 10 MiB | $(verdict "$v" 10)${why:+ ($why)} |"
	row "A3 peak RSS, same, cold (LLVM loaded)" A.hist.rss 1 MiB 60
	for c in count hist; do
		v=$(tv "C.$c.added" "$s" 5) rb=$(tv "C.$c.added" "$R" 5) r=NA
		[ "$v" != NA ] && [ "$rb" != NA ] && r=$(calc "$v / $rb")
		local lbl="C2 added ns per event, \`@[tid] = count()\`"; [ $c = hist ] && lbl="C3 added ns per event, \`hist()\`"
		local bx=""; [ "$B" != none ] && [ "$(tv "C.$c.added" "$B" 5)" != NA ] && [ "$rb" != NA ] && bx=" = $(fmt "$(calc "$(tv "C.$c.added" "$B" 5) / $rb")" 2)× ref"
		local sx=""; [ "$r" != NA ] && sx=" = **$(fmt "$r" 2)× ref**"
		echo "| $lbl | $(tfig "C.$c.added" "$B" 1 ns)$bx | $(tfig "C.$c.added" "$R" 1 ns) | $(tfig "C.$c.added" "$s" 1 ns)$sx | ≤ 1.05× ref | $(verdict "$r" 1.05) |"
	done
	v=$(tv D.rate "$s" 5)
	echo "| D1 printf, $PRINTF_N events: delivered/s | $(tfig D.rate "$B" 0 ev/s) | $(tfig D.rate "$R" 0 ev/s) | $(tfig D.rate "$s" 0 ev/s) | ≥ 1,000,000 ev/s | $(verdict "$v" 1000000 ge) |"
	v1=$(tv D.lost "$s" 3) v2=$(tv D.missing "$s" 3) v=NA
	[ "$v1" != NA ] && v=$(calc "$v1 + ($v2 > 0 ? $v2 : 0)")
	echo "| D2–D4 printf: events lost or missing, worst run | $(fmt "$(tv D.lost "$B" 3)" 1) % lost | $(fmt "$(tv D.lost "$R" 3)" 1) % lost | $(fmt "$v1" 1) % lost, $(fmt "$v2" 1) % missing | 0 | $(verdict "$v" 0) |"
	# slowdown of the traced program: D5 ns/call minus the untraced C0 ns/call
	c0=$(tv C.none.ns "$s" 5) v=$(tv D.ns "$s" 5) rs=$(tv D.ns "$R" 5) r=NA ss="—"
	if [ "$v" != NA ] && [ "$rs" != NA ]; then
		if [ "$c0" != NA ]; then v=$(calc "$v - $c0") rs=$(calc "$rs - $c0"); fi
		r=$(calc "$v / $rs") ss="+$(fmt "$v" 0) ns/call = **$(fmt "$r" 2)× ref's**"
	fi
	b2=$(tv D.ns "$B" 5); [ "$b2" != NA ] && [ "$c0" != NA ] && b2=$(calc "$b2 - $c0")
	echo "| D5 printf: traced program slowed by (D5 − C0 ns/call) | +$(fmt "$b2" 0) ns/call | +$(fmt "$rs" 0) ns/call | $ss | ≤ 2× ref's | $(verdict "$r" 2) |"
}

raw_md() { # every sample, for the record
	[ "$RAW_TABLE" = 1 ] || return 0
	echo
	echo "## Raw numbers"
	echo
	echo "Every sample, in run order (also in the JSON file next to this one)."
	echo
	echo "| metric | tracer | unit | samples |"
	echo "|---|---|---|---|"
	local id t v
	for id in "${M_IDS[@]}"; do
		[[ $id == C.*.added || $id == C.*.ok ]] && continue
		for t in "${T_NAMES[@]}"; do
			v=${S["$id|$t"]:-}
			[ -n "${v// /}" ] || continue
			[ "$id" = C.none.ns ] && t="(all)"
			echo "| \`$id\` | $t | ${M_UNIT[$id]} | $(printf '%s\n' $v | paste -sd' ' - | sed 's/ /, /g') |"
			[ "$id" = C.none.ns ] && break
		done
	done
}

# ----------------------------------------------------------------- markdown ---
{
	echo "## sonde bench results"
	echo
	echo "- date: $DATE; kernel: \`$(uname -r)\`; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $NCPU CPUs"
	echo "- load average (1/5/15 min): start $LOAD_START, end $LOAD_END"
	[ -n "${BENCH_NOTE:-}" ] && printf -- '- %s\n' "$BENCH_NOTE"
	[ -n "${SECTION_BUSY:-}" ] && echo "- background CPU use when each section started (after waiting up to ${QUIET_WAIT_S}s for ≤ ${QUIET_BUSY_PCT}%): $SECTION_BUSY"
	if [ "$NOISE_SAMPLES" -gt 0 ]; then
		read -r bmin bmed bmax _ <<<"$(stats "$NOISE_BUSY")"
		echo "- background CPU use (all CPUs) sampled for 0.3 s before each C/D run: median ${bmed}% (min ${bmin}%, max ${bmax}%); C/D runs overlapped by other processes' BPF on syscall tracepoints even after $SAMPLE_RETRIES redos: $NOISE_DIRTY of $NOISE_SAMPLES"
	fi
	pl="- sections $SECTIONS; runs per metric: $RUNS"
	[[ $SECTIONS == *B* ]] && pl+=" (B2: $MANY_RUNS)"
	[[ $SECTIONS == *C* ]] && pl+="; C: N=$N \`$SYSCALL()\` calls per run"
	[[ $SECTIONS == *D* ]] && pl+="; D: N=$PRINTF_N"
	[[ $SECTIONS == *[CD]* ]] && pl+="; workload pinned to CPU $WORKLOAD_CPU"
	echo "$pl"
	for t in "${T_NAMES[@]}"; do
		idx=0; for i in $(seq 0 $((NALL - 1))); do [ "${T_NAMES[$i]}" = "$t" ] && idx=$i; done
		if is_ref "$idx"; then echo "- $t: hand-written BPF (src/ref.bpf.c) + libbpf loader (src/ref_loader.c); ${T_VER[$t]}"
		else echo "- $t: \`${T_CMDS[$idx]}\` (${T_VER[$t]})"; fi
	done
	echo "- cells: median (best X) of the runs; best = min, or max where higher is better (rates); \"added\" rows: traced − untraced, for the median and for the best"
	echo "- × ref: how many times worse than $REF_NAME (tracer ÷ ref; ref ÷ tracer for rates), on the $RATIO_STAT values; cache-hit and bundle rows are divided by the reference's value for the same script"
	echo
	hdr="| metric | unit |" sep="|---|---|"
	for t in "${T_NAMES[@]}"; do hdr+=" $t |"; sep+="---:|"; done
	if [ "$REF" = 1 ]; then for i in $(seq 0 $((NT - 1))); do hdr+=" ${T_NAMES[$i]} × ref |"; sep+="---:|"; done; fi
	echo "$hdr"; echo "$sep"
	for id in "${M_IDS[@]}"; do
		row="| ${M_LABEL[$id]} | ${M_UNIT[$id]} |"
		for t in "${T_NAMES[@]}"; do row+=" $(cell "$id" "$t") |"; done
		if [ "$REF" = 1 ]; then for i in $(seq 0 $((NT - 1))); do row+=" $(ratio "$id" "${T_NAMES[$i]}") |"; done; fi
		echo "$row"
	done
	targets_md
	raw_md
} >"$MD_OUT"

# --------------------------------------------------------------------- JSON ---
jstr() { local s=${1//\\/\\\\}; s=${s//\"/\\\"}; printf '"%s"' "${s//$'\n'/ }"; }
jnum() { [ "$1" = NA ] && echo null || echo "$1"; }
{
	echo "{"
	echo "  \"date\": $(jstr "$DATE"), \"kernel\": $(jstr "$(uname -r)"), \"ncpu\": $NCPU,"
	echo "  \"cpu_model\": $(jstr "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"),"
	echo "  \"loadavg_start\": $(jstr "$LOAD_START"), \"loadavg_end\": $(jstr "$LOAD_END"),"
	echo "  \"params\": {\"runs\": $RUNS, \"many_runs\": $MANY_RUNS, \"n\": $N, \"printf_n\": $PRINTF_N, \"syscall\": $(jstr "$SYSCALL"), \"workload_cpu\": $WORKLOAD_CPU, \"ratio_stat\": $(jstr "$RATIO_STAT"), \"sections\": $(jstr "$SECTIONS")},"
	echo "  \"tracers\": ["
	for i in $(seq 0 $((NALL - 1))); do
		c=","; [ "$i" = $((NALL - 1)) ] && c=""
		echo "    {\"name\": $(jstr "${T_NAMES[$i]}"), \"cmd\": $(jstr "${T_CMDS[$i]}"), \"version\": $(jstr "${T_VER[${T_NAMES[$i]}]}"), \"reference\": $(is_ref "$i" && echo true || echo false)}$c"
	done
	echo "  ],"
	echo "  \"metrics\": ["
	first=1
	for id in "${M_IDS[@]}"; do
		for t in "${T_NAMES[@]}"; do
			[ $first = 1 ] || echo ","
			first=0
			samples=$(printf '%s\n' ${S["$id|$t"]:-} | awk 'NF' | paste -sd, -)
			if [[ $id == C.*.ok ]]; then
				read -r mn n <<<"${ST["$id|$t"]}"
				printf '    {"id": %s, "tracer": %s, "unit": %s, "samples": [%s], "ok_runs": %s, "runs": %s}' \
					"$(jstr "$id")" "$(jstr "$t")" "$(jstr "${M_UNIT[$id]}")" "$samples" "$(jnum "$mn")" "$(jnum "$n")"
			else
				read -r mn md mx n b <<<"${ST["$id|$t"]}"
				printf '    {"id": %s, "tracer": %s, "unit": %s, "label": %s, "samples": [%s], "min": %s, "median": %s, "max": %s, "best": %s, "better": %s, "n": %s, "failures": %s' \
					"$(jstr "$id")" "$(jstr "$t")" "$(jstr "${M_UNIT[$id]}")" "$(jstr "${M_LABEL[$id]}")" "$samples" \
					"$(jnum "$mn")" "$(jnum "$md")" "$(jnum "$mx")" "$(jnum "$b")" "$(jstr "${M_BETTER[$id]}")" "$n" "${FAILS["$id|$t"]:-0}"
				[[ $id == C.*.added ]] && printf ', "derived": "traced ns/call minus untraced ns/call (min: min-min, median: median-median, max: max-min)"'
				seen=${NOTE["${id%.*}.seen|$t"]:-}
				[[ $id == C.*.ns && -n $seen ]] && printf ', "events_seen": [%s]' "$(printf '%s\n' $seen | paste -sd, -)"
				printf '}'
			fi
		done
	done
	echo
	echo "  ],"
	echo "  \"noise\": ["
	for i in "${!NOISE_JSON[@]}"; do
		c=","; [ "$i" = $((${#NOISE_JSON[@]} - 1)) ] && c=""
		echo "    ${NOISE_JSON[$i]}$c"
	done
	echo "  ]"
	echo "}"
} >"$JSON_OUT"

cat "$MD_OUT"
log "wrote $MD_OUT and $JSON_OUT"
[ "$KEEP_RAW" = 1 ] || rmdir "$RAW" 2>/dev/null || true
