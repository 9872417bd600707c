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
# (seed 0) with 300-epoch trials and 3 x the mean Delta-STN seconds (Fashion-MNIST: that budget counted in
# trials, see search_trials); then seed 2 of the fixed baselines. Each run's machine.txt says when and on which
# CPU model each sitting started (the run's results do not depend on it, its seconds do).
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
        for f in config.json metrics.csv cycles.csv summary.json trials.csv hyperparameters.png machine.txt DONE; do
            [[ -f "$d/$f" ]] && cp "$d/$f" "$dest/$name/"
        done
    done
    for f in "$src"/*-search-trials.txt; do [[ -f $f ]] && cp "$f" "$dest/"; done
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

# cpu: the CPU model as lscpu names it ("family 25 model 17"); sittings of one study may land on different models
cpu() { lscpu | awk -F: '/^CPU family/ {gsub(/ /, "", $2); f=$2} /^Model:/ {gsub(/ /, "", $2); m=$2}
                         END {print "family " f " model " m}'; }
# sitting DIR WHAT: append when and on which CPU a run or search was started or resumed (DIR/machine.txt; a run
# started over begins a new file)
sitting() {
    mkdir -p "$1"
    [[ $2 == overwrite ]] && rm -f "$1/machine.txt"
    echo "$(date -u +%FT%TZ) $2 on $(cpu), $(nproc) cores, java $(java -version 2>&1 | head -1)" >> "$1/machine.txt"
}


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
    sitting "$dir" "${mode[0]#--}"
    local rc=0
    java -Xmx8g -jar "$jar" "$@" "${mode[@]}" --out "$dir" > "$out/$name.log" 2>&1 || rc=$?
    # a diverged run (exit 1) is a result, recorded in its summary.json; the study goes on
    [[ $rc -eq 0 ]] || log "$name: exit $rc, see $out/$name.log"
}

# search NAME STRATEGY EXPERIMENT BUDGET ARGS...: a finished search has a DONE marker; an unfinished one
# resumes after its last finished trial (search --resume; the trial that was running starts over).
# BUDGET is "--trials 100 --max-seconds S" (MNIST) or "--trials N" (Fashion-MNIST, see search_trials).
search() {
    local name=$1 strategy=$2 ex=$3 budget=($4); shift 4
    local dir="$out/$name"
    if [[ -f "$dir/DONE" ]]; then
        log "$name: finished, skipped"
        return
    fi
    log "$name: java -jar $jar search --experiment $ex --strategy $strategy ${budget[*]} $*"
    sitting "$dir" search
    if java -Xmx8g -jar "$jar" search --experiment "$ex" --strategy "$strategy" "${budget[@]}" \
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
    local budget
    if [[ $ex == mnist ]]; then
        local total=0 n=0
        for s in "${seeds[@]}"; do
            total=$(jq -r ".seconds + $total" "$out/$ex-delta-s$s/summary.json"); n=$((n + 1))
        done
        budget="--trials 100 --max-seconds $(jq -n "3 * $total / $n")"
    else
        # no seed with both runs on one CPU model yet: the last seed's fixed runs first, then try again
        local n
        n=$(search_trials "$ex") || { fixed "$last" "$@"; n=$(search_trials "$ex"); } || return 0
        budget="--trials $n"
    fi
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

# search_trials EXPERIMENT: the searches' budget as a number of 300-epoch trials, so that it does not depend on
# the CPU each sitting lands on (Fashion-MNIST's runs span sessions on different CPU models). On one machine the
# time budget B = 3 x mean Delta-STN seconds buys ceil(B / t) trials of t seconds (the time is checked before
# each trial), and a trial costs what a fixed run does; so N = ceil(3 r), r the mean over CPU models of
# (mean Delta-STN seconds / mean fixed-run seconds) on that model, over the models that ran both (a run resumed
# on another model is left out). Computed once, when the first search starts; kept in OUT/EXPERIMENT-search-trials.txt.
search_trials() {
    local ex=$1 file="$out/$1-search-trials.txt"
    if [[ ! -f $file ]]; then
        local s m kind lines=""
        for s in "${seeds[@]}"; do
            for kind in delta fixed; do
                local d="$out/$ex-$kind-s$s"
                [[ -f $d/machine.txt ]] && finished "$d" || continue
                m=$(sed -n 's/.* on \(family [0-9]\+ model [0-9]\+\),.*/\1/p' "$d/machine.txt" | sort -u)
                local seconds; seconds=$(jq -e .seconds "$d/summary.json") || { log "$d: no seconds"; return 1; }
                [[ -n $m && $(wc -l <<< "$m") -eq 1 ]] && lines+="$m;$kind;$seconds"$'\n'
            done
        done
        printf '%s' "$lines" | awk -F';' '{s[$1, $2] += $3; n[$1, $2]++; models[$1]}
            END {for (m in models) if (n[m, "delta"] && n[m, "fixed"]) {
                     q = (s[m, "delta"] / n[m, "delta"]) / (s[m, "fixed"] / n[m, "fixed"]); r += q; k++
                     printf "%s: Delta-STN %d runs, fixed %d runs, seconds ratio %.4f\n", m, n[m, "delta"], n[m, "fixed"], q}
                 if (k == 0) exit 1
                 r /= k; t = 3 * r; N = (t == int(t)) ? t : int(t) + 1; printf "trials %d (3 x %.4f)\n", N, r}' > "$file.tmp" \
            || { rm -f "$file.tmp"; log "$ex: no CPU model has run both Delta-STN and fixed; the searches wait"; return 1; }
        mv "$file.tmp" "$file"
        log "$ex: search budget $(tail -1 "$file"), from $(head -n -1 "$file" | tr '\n' ' ')"
    fi
    tail -1 "$file" | awk '{print $2}'
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
