#!/usr/bin/env bash
# Our JMH benchmarks and the PyTorch peer (torch_peer.py) on the same work, in one run on one machine,
# and one table with both sides and the ratios. See benchmarks/README.md, "PyTorch peer".
#
#   benchmarks/peer.sh              # 1 thread, full settings (about 3-5 minutes; under 10)
#   benchmarks/peer.sh --threads 2  # 2 threads on both sides
#   benchmarks/peer.sh --quick      # smoke test, about 1-2 minutes: numbers NOT for the record
#   benchmarks/peer.sh --gc         # also JMH -prof gc: our allocation per operation
#
# Take numbers for the record only on a quiet machine: look at the load average printed first (uptime),
# it should be well below 1 before you start.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
PY=/usr/bin/python3
THREADS=1
QUICK=0
GC=0
INSTALL=1
VECTOR=0
JAR="$HERE/target/benchmarks.jar"
OUT=""

usage() {
    cat <<EOF
usage: $0 [--threads 1|2] [--quick] [--gc] [--vector] [--no-install] [--jar PATH] [--out DIR]

  --threads N   threads on both sides: ours via GemmBenchmark.deltastn / deltastn2Threads and
                TrainStepBenchmark -p threads=N; PyTorch via torch.set_num_threads(N) and the OMP/OpenBLAS
                environment (default 1)
  --quick       short settings (JMH -f 1 -wi 1 -i 1 -w 1 -r 1; torch_peer.py --quick): proves the scripts
                work, the numbers mean nothing
  --gc          add JMH's -prof gc and report our allocation per operation (gc.alloc.rate.norm)
  --vector      also run our benchmarks with the optional Vector API kernels (--add-modules
                jdk.incubator.vector -Ddeltastn.vector=true) and add their columns to the table
  --no-install  do not apt-get install missing packages (python3-torch, libopenblas0-openmp); fail instead
  --jar PATH    the JMH jar (default benchmarks/target/benchmarks.jar; it is copied to DIR first)
  --out DIR     where results go (default \${TMPDIR:-/tmp}/deltastn-peer-DATE)
EOF
}

ARGV="$*"
while [[ $# -gt 0 ]]; do
    case "$1" in
        --threads) THREADS="${2:?--threads needs a value}"; shift 2 ;;
        --threads=*) THREADS="${1#*=}"; shift ;;
        --quick) QUICK=1; shift ;;
        --gc) GC=1; shift ;;
        --vector) VECTOR=1; shift ;;
        --no-install) INSTALL=0; shift ;;
        --jar) JAR="${2:?--jar needs a path}"; shift 2 ;;
        --out) OUT="${2:?--out needs a directory}"; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "peer.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
    esac
done
if [[ "$THREADS" != 1 && "$THREADS" != 2 ]]; then
    echo "peer.sh: --threads must be 1 or 2 (our benchmarks have 1- and 2-thread variants), got '$THREADS'" >&2
    exit 2
fi
OUT="${OUT:-${TMPDIR:-/tmp}/deltastn-peer-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$OUT"
START=$SECONDS

section() { printf '\n== %s ==\n' "$*"; }

# ---------------------------------------------------------------------------------------------------------
section "packages"
PKGS=(python3-torch libopenblas0-openmp)
MISSING=()
for p in "${PKGS[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        MISSING+=("$p")
    fi
done
if [[ ${#MISSING[@]} -gt 0 ]]; then
    if [[ $INSTALL == 0 ]]; then
        echo "peer.sh: missing Debian packages: ${MISSING[*]} (and --no-install given)." >&2
        echo "install them with: apt-get install --no-install-recommends ${MISSING[*]}" >&2
        exit 1
    fi
    SUDO=()
    if [[ $(id -u) -ne 0 ]]; then
        if command -v sudo >/dev/null; then SUDO=(sudo); else
            echo "peer.sh: need root to install ${MISSING[*]}; run as root or install them first." >&2
            exit 1
        fi
    fi
    echo "installing with apt-get (--no-install-recommends): ${MISSING[*]}"
    echo "  python3-torch:       PyTorch (CPU build) for /usr/bin/python3, with libtorch and its dependencies"
    echo "                       (about 180 packages on a Debian 12 with a JDK, most of them Python and numeric libraries)"
    echo "  libopenblas0-openmp: OpenBLAS built with OpenMP; becomes the system's libblas.so.3 / liblapack.so.3"
    echo "                       (update-alternatives), which is what Debian's torch calls for GEMM"
    if ! apt-cache policy python3-torch 2>/dev/null | grep -q 'Candidate: [0-9]'; then
        "${SUDO[@]}" apt-get update -q
    fi
    DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -q --no-install-recommends "${MISSING[@]}"
fi
dpkg-query -W -f='${Package} ${Version}\n' "${PKGS[@]}"
LIBBLAS="/usr/lib/$(uname -m)-linux-gnu/libblas.so.3"
[[ -e "$LIBBLAS" ]] && echo "libblas.so.3 -> $(readlink -f "$LIBBLAS")"
# fail before the long JMH runs if torch is not backed by OpenBLAS
"$PY" "$HERE/torch_peer.py" --check-only --threads "$THREADS"

# ---------------------------------------------------------------------------------------------------------
section "machine"
{
    date -u '+date: %Y-%m-%d %H:%M UTC'
    lscpu | grep -E '^(Model name|CPU family|Model|Thread\(s\) per core|Core\(s\) per socket|CPU\(s\)):' || true
    echo "load: $(uptime)"
    java -version 2>&1
    echo "code: $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$REPO" diff --quiet HEAD 2>/dev/null || echo ' (working tree differs from HEAD)')"
    echo "command: benchmarks/peer.sh $ARGV"
    echo "threads: $THREADS; quick: $QUICK; results in $OUT"
    if [[ $QUICK == 1 ]]; then echo "QUICK MODE: smoke test, the numbers are not for the record"; fi
} | tee "$OUT/machine.txt"

# ---------------------------------------------------------------------------------------------------------
section "ours (JMH)"
if [[ ! -f "$JAR" ]]; then
    echo "peer.sh: no JMH jar at $JAR; build it with" >&2
    echo "  cd $REPO && mvn -B -q package -pl benchmarks -DskipTests   (the other modules installed in ~/.m2)" >&2
    exit 1
fi
# a jar rewritten by a concurrent build under a running benchmark breaks its forked JVM: use a copy
cp "$JAR" "$OUT/benchmarks.jar"
BJAR="$OUT/benchmarks.jar"
java -jar "$BJAR" -lp 'GemmBenchmark.deltastn|TrainStepBenchmark.sgdStep' > "$OUT/jmh-params.txt"

# values of parameter $2 of benchmark $1 (simple name, e.g. GemmBenchmark.deltastn), comma-separated
param_values() {
    awk -v b="$1" -v p="$2" '
        /^[^ ]/ { inb = ($0 ~ ("\\." b "$")) }
        inb && $0 ~ ("param \"" p "\" = ") { sub(/.*= \{/, ""); sub(/\}.*/, ""); gsub(/ /, ""); print; exit }
    ' "$OUT/jmh-params.txt"
}
# the -p dtype=... argument for a benchmark, empty while it has no dtype parameter (then it is float64 only)
dtype_arg() {
    local vals keep=() v
    vals=$(param_values "$1" dtype)
    [[ -z "$vals" ]] && return 0
    IFS=, read -r -a all <<< "$vals"
    for v in "${all[@]}"; do
        case "${v,,}" in *32*|*64*) keep+=("$v") ;; esac
    done
    [[ ${#keep[@]} -eq 0 ]] && keep=("${all[@]}")
    (IFS=,; echo "dtype=${keep[*]}")
}

if [[ $QUICK == 1 ]]; then
    GEMM_OPTS=(-f 1 -wi 1 -i 1 -w 1 -r 1)
    STEP_OPTS=(-f 1 -wi 1 -i 1 -w 1 -r 1)
else
    GEMM_OPTS=(-f 1 -wi 3 -i 5 -w 1 -r 1)
    STEP_OPTS=(-f 1 -wi 3 -i 5 -w 3 -r 3)
fi
PROF=()
[[ $GC == 1 ]] && PROF=(-prof gc)

GEMM_ARGS=(-p size=512,1024)
if [[ -n "$(param_values GemmBenchmark.deltastn threads)" ]]; then
    GEMM_BENCH='GemmBenchmark.deltastn$'
    GEMM_ARGS+=(-p "threads=$THREADS")
elif [[ $THREADS == 1 ]]; then
    GEMM_BENCH='GemmBenchmark.deltastn$'
else
    GEMM_BENCH='GemmBenchmark.deltastn2Threads$'
fi
GEMM_DTYPE=$(dtype_arg "${GEMM_BENCH%\$}")
STEP_DTYPE=$(dtype_arg TrainStepBenchmark.sgdStep)
[[ -n "$GEMM_DTYPE" ]] && GEMM_ARGS+=(-p "$GEMM_DTYPE")
STEP_ARGS=(-p "threads=$THREADS" -p model=mlp,cnn)
[[ -n "$STEP_DTYPE" ]] && STEP_ARGS+=(-p "$STEP_DTYPE")
echo "dtype parameter: GemmBenchmark ${GEMM_DTYPE:-none (float64 only)}; TrainStepBenchmark ${STEP_DTYPE:-none (float64 only)}"

run_jmh() {  # name, then JMH arguments
    local name=$1; shift
    echo "load: $(uptime)"
    echo "+ java -jar benchmarks.jar $*"
    if ! java -jar "$BJAR" "$@" -foe true -rf json -rff "$OUT/jmh-$name.json" > "$OUT/jmh-$name.log" 2>&1; then
        echo "peer.sh: JMH run '$name' failed; last lines of $OUT/jmh-$name.log:" >&2
        tail -30 "$OUT/jmh-$name.log" >&2
        exit 1
    fi
    sed -n '/^Benchmark  /,$p' "$OUT/jmh-$name.log" | grep -v '^Benchmark result is saved' || true
}
run_jmh gemm "$GEMM_BENCH" "${GEMM_ARGS[@]}" "${GEMM_OPTS[@]}" "${PROF[@]}"
run_jmh step 'TrainStepBenchmark.sgdStep$' "${STEP_ARGS[@]}" "${STEP_OPTS[@]}" "${PROF[@]}"
VECTOR_REPORT=()
if [[ $VECTOR == 1 ]]; then
    VECTOR_JVM=(-jvmArgsAppend "--add-modules=jdk.incubator.vector -Ddeltastn.vector=true")
    run_jmh gemm-vector "$GEMM_BENCH" "${GEMM_ARGS[@]}" "${GEMM_OPTS[@]}" "${PROF[@]}" "${VECTOR_JVM[@]}"
    run_jmh step-vector 'TrainStepBenchmark.sgdStep$' "${STEP_ARGS[@]}" "${STEP_OPTS[@]}" "${PROF[@]}" "${VECTOR_JVM[@]}"
    VECTOR_REPORT=(--jmh-vector "$OUT/jmh-gemm-vector.json" --jmh-vector "$OUT/jmh-step-vector.json")
fi

# ---------------------------------------------------------------------------------------------------------
section "PyTorch (torch_peer.py)"
echo "load: $(uptime)"
TORCH_ARGS=(--threads "$THREADS" --out "$OUT/torch.json")
[[ $QUICK == 1 ]] && TORCH_ARGS+=(--quick)
echo "+ $PY torch_peer.py ${TORCH_ARGS[*]}"
set +e
"$PY" "$HERE/torch_peer.py" "${TORCH_ARGS[@]}" > "$OUT/torch.csv"
rc=$?
set -e
if [[ $rc -ne 0 ]]; then
    echo "peer.sh: torch_peer.py failed (exit $rc); no table." >&2
    exit $rc
fi

# ---------------------------------------------------------------------------------------------------------
section "ours against PyTorch ($THREADS thread(s), one run)"
echo "load: $(uptime)"
"$PY" "$HERE/peer_report.py" --torch "$OUT/torch.json" --jmh "$OUT/jmh-gemm.json" --jmh "$OUT/jmh-step.json" \
    "${VECTOR_REPORT[@]}" --csv "$OUT/summary.csv" > "$OUT/table.md"
cat "$OUT/table.md"
{ cat "$OUT/machine.txt"; echo "load at the end: $(uptime)"; echo; cat "$OUT/table.md"; } > "$OUT/summary.md"
echo
echo "files: $OUT (summary.md = machine + table, summary.csv, torch.json, jmh-*.json, jmh-*.log); took $((SECONDS - START)) s"
