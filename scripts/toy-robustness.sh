#!/usr/bin/env bash
# The toy robustness study of EXPERIMENTS.md: every (data set, split, feature scaling) case x problem x method,
# over 20 seeds each, with `deltastn-cli toy`, against the exact optimum.
#
#   scripts/toy-robustness.sh OUT [extra toy options...]
#
# Cases (fixed before any result was looked at; see EXPERIMENTS.md):
#   synthetic-0, synthetic-1        the built-in synthetic data set and a second draw (--data-seed 1)
#   boston-ordered                  Boston housing, first 70 % of the rows train, last 30 % validate
#   boston-random1, boston-random2  Boston housing, random 15/25/60 splits with seeds 1 and 2
#   diabetes-random1, -random2      diabetes, random 15/25/60 splits with seeds 1 and 2
# each with standardised features and target ("std") and in the data's own units ("raw", --no-standardize);
# problems ridge and dropout; methods stn, centered and delta; seeds 0-19.
#
# Environment filters (space-separated): CASES, SCALINGS (std raw), PROBLEMS, METHODS, SEEDS (default 0-19).
# Each run writes OUT/<case>-<scaling>/<problem>-<method>/; a run whose summary.json exists is skipped, so an
# interrupted study resumes where it stopped. Extra arguments go to every `toy` call (for ablations, e.g.
# --response structured). Needs the boston and diabetes data: scripts/fetch-data.sh boston diabetes.
# scripts/toy-table.py OUT prints the table.
set -euo pipefail
cd "$(dirname "$0")/.."

[[ $# -ge 1 ]] || { sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
out=$1
shift

built=deltastn/target/deltastn-cli.jar
if [[ ! -f "$built" ]]; then
  mvn -B -q install -DskipTests -pl deltastn -am
fi
# run a private copy, so that a rebuild during the study cannot change the code under it
jar=$(mktemp --suffix=.jar)
trap 'rm -f "$jar"' EXIT
cp "$built" "$jar"

declare -A DATA=(
  [synthetic-0]="--data synthetic --data-seed 0"
  [synthetic-1]="--data synthetic --data-seed 1"
  [boston-ordered]="--data boston --split ordered --train-fraction 0.7 --valid-fraction 0.3"
  [boston-random1]="--data boston --data-seed 1"
  [boston-random2]="--data boston --data-seed 2"
  [diabetes-random1]="--data diabetes --data-seed 1"
  [diabetes-random2]="--data diabetes --data-seed 2"
)
cases=${CASES:-synthetic-0 synthetic-1 boston-ordered boston-random1 boston-random2 diabetes-random1 diabetes-random2}
scalings=${SCALINGS:-std raw}
problems=${PROBLEMS:-ridge dropout}
methods=${METHODS:-stn centered delta}
seeds=${SEEDS:-0-19}

for c in $cases; do
  [[ -n "${DATA[$c]:-}" ]] || { echo "toy-robustness: unknown case '$c'" >&2; exit 2; }
  for s in $scalings; do
    scale=""
    [[ $s == raw ]] && scale="--no-standardize"
    for p in $problems; do
      for m in $methods; do
        dir="$out/$c-$s/$p-$m"
        if [[ -f "$dir/summary.json" ]]; then
          continue
        fi
        echo "== $c-$s $p $m" >&2
        # shellcheck disable=SC2086  # the option strings are meant to split
        java -jar "$jar" toy --problem "$p" --method "$m" ${DATA[$c]} $scale --seeds "$seeds" "$@" \
          --out "$dir.tmp" | tail -n 2 | head -n 1 >&2 || true
        if [[ -f "$dir.tmp/summary.json" ]]; then
          rm -rf "$dir"
          mv "$dir.tmp" "$dir"
        fi
      done
    done
  done
done
