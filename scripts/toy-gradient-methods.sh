#!/usr/bin/env bash
# The toy comparison of issue 17 (EXPERIMENTS.md, "Gradient-based baselines on the toy problems"): STN, centered
# STN, Delta-STN, IFT (K = 10, 40 CG steps) and unrolled (K = 10, 40 SGD steps) on ridge and input dropout of the
# built-in synthetic data, seeds 0-9, with `deltastn-cli toy` and its defaults.
#
#   scripts/toy-gradient-methods.sh OUT        then   python3 scripts/gradient-table.py OUT
#
# Each run writes OUT/<problem>-<method>[-K]/ (summary.json, metrics.csv, trajectory.png, diagnostics.png: the
# hypergradient followed against the exact one per cycle); a run whose summary.json exists is skipped.
# Environment: SEEDS (0-9), THREADS (2).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: toy-gradient-methods.sh OUT}
built=deltastn/target/deltastn-cli.jar
[[ -f $built ]] || mvn -B -q install -DskipTests -pl deltastn -am
jar=$(mktemp --suffix=.jar)
trap 'rm -f "$jar"' EXIT
cp "$built" "$jar"
for problem in ridge dropout; do
    for spec in stn centered delta ift:10 ift:40 unroll:10 unroll:40; do
        method=${spec%%:*}
        k=${spec#*:}
        name=$problem-$method
        extra=()
        if [[ $spec == *:* ]]; then
            name=$name-$k
            extra=(--hyper-terms "$k")
        fi
        [[ -f $out/$name/summary.json ]] && continue
        java -jar "$jar" toy --problem "$problem" --method "$method" "${extra[@]}" --seeds "${SEEDS:-0-9}" \
            --threads "${THREADS:-2}" --out "$out/$name" --overwrite > "$out.$name.log" 2>&1 || echo "$name failed: $out.$name.log"
    done
done
