#!/usr/bin/env bash
# The paper's 300-epoch protocol on small training sets (EXPERIMENTS.md, "The 300-epoch protocol"), in pieces.
#
#   scripts/paper-protocol.sh OUT [reference] [mnist] [fmnist] [ablations]    (default: reference mnist fmnist)
#
# Started again with the same OUT it resumes: a finished run (summary.json status "completed", or a search with
# its DONE marker) is skipped, an unfinished one continues from its checkpoint (bit-identical to an
# uninterrupted run), and a run without a checkpoint starts over. Runs go one after another, never in parallel:
# their seconds are part of the result (RS and BO get the wall-clock budget of three Delta-STN runs).
#
#   reference : MNIST, the reference code's network (--widths reference), full data, 10 epochs (5 warm-up),
#               STN / centered STN / Delta-STN, float32 as the reference: its early trajectories against the
#               reference code's
#   mnist     : MLP 784-1200-1200-1200-10 on the first 5,000 training images, 300 epochs, 5 warm-up
#   fmnist    : SimpleCNN 16/32 on the first 5,000 training images, 300 epochs, 5 warm-up
#   ablations : MNIST as above, seed 0 (ABLATION_SEEDS), the ablations EXPERIMENTS.md names, in its order:
#               centering alone (centered_single), then Delta-STN without the entropy term (tau0), with
#               fixed scales (fixed-scales), and with 1 and 20 warm-up epochs (warmup1, warmup20); added after
#               tau0 and fixed-scales: scales fixed at 2 instead of 1 (fixed-scales-2); ABLATIONS picks some of
#               them by those names (default all). Compared with the mnist runs in one figure.
#               Needs a jar from f378845 on (the image commands accept centered_single since 8b83c57), and
#               for fixed-scales-2 one with mnist --sigma.
#
# For mnist and fmnist, in this order: seed 0 of Delta-STN, centered STN, STN, fixed at the initial values and
# fixed at conventional values; then seed 1 of each; then seed 2 of the tuned methods; then random search and BO
# (seed 0) with 300-epoch trials and 3 x the mean Delta-STN seconds; then seed 2 of the fixed baselines.
# Validation and test: 5,000 evenly spaced examples each (--limit-eval 5000; the hyper steps draw from those
# validation examples). float32, 2 threads.
#
# Needs the data (scripts/fetch-data.sh mnist fmnist) and the CLI jar (mvn -B -q install -DskipTests).
# The searches need a jar from 91971b6 on (search --resume), the ablations one from f378845 on.
# Environment: JAR (default deltastn/target/deltastn-cli.jar), THREADS (2), SEEDS ("0 1 2"), EPOCHS (300).
# The protocol's BO fits its GP without a length-scale prior (as it ran on MNIST, jar ec92b8f): jars that have
# search --length-scale-prior (default Gamma(3, 6)) are given --length-scale-prior none.
# Checkpoints stay in OUT; copy only config.json, metrics.csv, summary.json, trials.csv and the figures into
# the repository (scripts/paper-protocol.sh --collect OUT DEST does that; it skips runs that are not finished).
set -euo pipefail

# a run is finished when it completed or diverged (a diverged run is a result; resuming it would diverge again)
finished() { [[ -f "$1/summary.json" ]] && [[ $(jq -r '.status // empty' "$1/summary.json") =~ ^(completed|diverged)$ ]]; }

if [[ ${1:-} == --collect ]]; then
    src=${2:?usage: paper-protocol.sh --collect OUT DEST}
    dest=${3:?usage: paper-protocol.sh --collect OUT DEST}
    mkdir -p "$dest"
    for d in "$src"/*/; do
        name=$(basename "$d")
        finished "$d" || [[ -f "$d/DONE" ]] || continue
        mkdir -p "$dest/$name"
        for f in config.json metrics.csv cycles.csv summary.json trials.csv hyperparameters.png DONE; do
            [[ -f "$d/$f" ]] && cp "$d/$f" "$dest/$name/"
        done
    done
    echo "copied the run files of the finished runs to $dest: $(ls "$dest" | tr '\n' ' ')"
    exit 0
fi

out=${1:?usage: paper-protocol.sh OUT [reference] [mnist] [fmnist]}
shift
parts=("$@")
[[ ${#parts[@]} -eq 0 ]] && parts=(reference mnist fmnist)
jar=${JAR:-deltastn/target/deltastn-cli.jar}
threads=${THREADS:-2}
seeds=(${SEEDS:-0 1 2})
epochs=${EPOCHS:-300}
bo_args=()
if [[ $(java -jar "$jar" search --help 2>&1 || true) == *--length-scale-prior* ]]; then
    bo_args=(--length-scale-prior none)
fi
mkdir -p "$out"
log() { echo "== $(date -u +%FT%TZ) $*" | tee -a "$out/protocol.log" >&2; }


# run NAME COMMAND ARGS...: one experiment run, resumed or skipped as its directory says
run() {
    local name=$1; shift
    local dir="$out/$name"
    if finished "$dir"; then
        log "$name: finished, skipped"
        return
    fi
    local mode=(--overwrite)
    [[ -f "$dir/checkpoint.bin" ]] && mode=(--resume)
    log "$name: ${mode[0]#--} java -jar $jar $* --out $dir"
    local rc=0
    java -Xmx8g -jar "$jar" "$@" "${mode[@]}" --out "$dir" > "$out/$name.log" 2>&1 || rc=$?
    # a diverged run (exit 1) is a result, recorded in its summary.json; the study goes on
    [[ $rc -eq 0 ]] || log "$name: exit $rc, see $out/$name.log"
}

# search NAME STRATEGY EXPERIMENT SECONDS ARGS...: a finished search has a DONE marker; an unfinished one
# resumes after its last finished trial (search --resume; the trial that was running starts over)
search() {
    local name=$1 strategy=$2 ex=$3 budget=$4; shift 4
    local dir="$out/$name"
    if [[ -f "$dir/DONE" ]]; then
        log "$name: finished, skipped"
        return
    fi
    log "$name: java -jar $jar search --experiment $ex --strategy $strategy --max-seconds $budget $*"
    if java -Xmx8g -jar "$jar" search --experiment "$ex" --strategy "$strategy" --trials 100 --max-seconds "$budget" \
        --seed 0 "$@" --resume --out "$dir" >> "$out/$name.log" 2>&1; then
        touch "$dir/DONE"
    else
        log "$name: exit $?, see $out/$name.log"
    fi
}

common=(--epochs "$epochs" --limit-train 5000 --limit-eval 5000 --dtype float32 --threads "$threads")

# image EXPERIMENT "conventional fixed values" EXTRA...
image() {
    local ex=$1 conventional=$2; shift 2
    # the fixed baselines of a seed run after its tuned methods, except the last seed's: those wait until after
    # the searches, which need every Delta-STN seed and matter more to the claims
    local last=${seeds[${#seeds[@]}-1]}
    fixed() {
        run "$ex-fixed-s$1" "$ex" --method fixed --seed "$1" --warmup 5 "${common[@]}" "${@:2}"
        run "$ex-fixed-conventional-s$1" "$ex" --method fixed --init "$conventional" --seed "$1" --warmup 5 \
            "${common[@]}" "${@:2}"
    }
    for s in "${seeds[@]}"; do
        for m in delta centered stn; do
            run "$ex-$m-s$s" "$ex" --method "$m" --seed "$s" --warmup 5 "${common[@]}" "$@"
        done
        [[ $s == "$last" ]] || fixed "$s" "$@"
    done
    local total=0 n=0
    for s in "${seeds[@]}"; do
        total=$(jq -r ".seconds + $total" "$out/$ex-delta-s$s/summary.json"); n=$((n + 1))
    done
    local budget; budget=$(jq -n "3 * $total / $n")
    search "$ex-random" random "$ex" "$budget" "${common[@]}" "$@"
    search "$ex-bo" bo "$ex" "$budget" "${common[@]}" "${bo_args[@]}" "$@"
    fixed "$last" "$@"
    local dirs=()
    for m in fixed fixed-conventional stn centered delta; do
        for s in "${seeds[@]}"; do dirs+=("$out/$ex-$m-s$s"); done
    done
    java -jar "$jar" compare --seeds "${dirs[@]}" "$out/$ex"-{random,bo} --out "$out/$ex-compare" \
        > "$out/$ex-compare.txt" 2>&1 || log "$ex: compare failed, see $out/$ex-compare.txt"
}

# ablations: each variant of the MNIST protocol run on ABLATION_SEEDS, then one figure with the runs it varies
ablations() {
    local s a dirs=()
    for s in ${ABLATION_SEEDS:-0}; do
        for a in ${ABLATIONS:-centered_single tau0 fixed-scales warmup1 warmup20 fixed-scales-2}; do
            case $a in
                centered_single) run "mnist-centered_single-s$s" mnist --method centered_single --seed "$s" --warmup 5 \
                                     "${common[@]}" ;;
                tau0) run "mnist-delta-tau0-s$s" mnist --method delta --tau 0 --seed "$s" --warmup 5 "${common[@]}" ;;
                fixed-scales) run "mnist-delta-fixed-scales-s$s" mnist --method delta --no-tune-scales --seed "$s" \
                                  --warmup 5 "${common[@]}" ;;
                fixed-scales-2) run "mnist-delta-fixed-scales-2-s$s" mnist --method delta --no-tune-scales --sigma 2 \
                                    --seed "$s" --warmup 5 "${common[@]}" ;;
                warmup1 | warmup20) run "mnist-delta-$a-s$s" mnist --method delta --seed "$s" --warmup "${a#warmup}" \
                                        "${common[@]}" ;;
                *) echo "unknown ablation: $a (centered_single, tau0, fixed-scales, warmup1, warmup20 or fixed-scales-2)" >&2
                   exit 2 ;;
            esac
        done
        for m in stn centered_single centered delta delta-tau0 delta-fixed-scales delta-fixed-scales-2 delta-warmup1 \
                 delta-warmup20; do
            [[ -d "$out/mnist-$m-s$s" ]] && dirs+=("$out/mnist-$m-s$s")
        done
    done
    java -jar "$jar" compare "${dirs[@]}" --out "$out/ablations-compare" > "$out/ablations-compare.txt" 2>&1 \
        || log "ablations: compare failed, see $out/ablations-compare.txt"
}

for p in "${parts[@]}"; do
    case $p in
        reference)
            for m in stn centered delta; do
                run "reference-$m" mnist --widths reference --method "$m" --epochs 10 --warmup 5 --dtype float32 \
                    --threads "$threads"
            done ;;
        mnist) image mnist dropout0=0.2,dropout1=0.5,dropout2=0.5 ;;
        fmnist) image fmnist dropout0=0.2,dropout1=0.25,dropout2=0.25,dropout_fc=0.5 ;;
        ablations) ablations ;;
        *) echo "unknown part: $p (reference, mnist, fmnist or ablations)" >&2; exit 2 ;;
    esac
done
log "done: ${parts[*]}"
