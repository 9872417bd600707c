#!/usr/bin/env bash
# The deep linear net study of EXPERIMENTS.md (paper Fig. 4): the Jacobian-norm penalty of a 5-hidden-layer
# linear network on the synthetic data, tuned by STN, centered STN and Delta-STN at sigma = 0.5 and 1, with the
# Delta-STN Theta step taking the penalty on the linearized network (step) or on the hypernetwork's weights
# (exact-weights), and the full instead of the structured response as a check. Seeds 0-4 (a run takes minutes).
#
#   scripts/toy-linear-net.sh OUT
#
# Each run writes OUT/sigma-<s>/<variant>/; a finished run (summary.json present) is skipped, so an interrupted
# study resumes. Environment: SEEDS (default 0-4), SIGMAS (default "0.5 1"). scripts/toy-table.py OUT/sigma-0.5
# tabulates one scale.
set -euo pipefail
cd "$(dirname "$0")/.."

[[ $# -eq 1 ]] || { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
out=$1

built=deltastn/target/deltastn-cli.jar
if [[ ! -f "$built" ]]; then
  mvn -B -q install -DskipTests -pl deltastn -am
fi
jar=$(mktemp --suffix=.jar)
trap 'rm -f "$jar"' EXIT
cp "$built" "$jar"

declare -A VARIANT=(
  [linear-net-stn]="--method stn"
  [linear-net-centered]="--method centered"
  [linear-net-delta]="--method delta --penalty-network step"
  [exact-weights-delta]="--method delta --penalty-network exact-weights"
  [full-response-delta]="--method delta --response full"
)
for s in ${SIGMAS:-0.5 1}; do
  for v in linear-net-stn linear-net-centered linear-net-delta exact-weights-delta full-response-delta; do
    dir="$out/sigma-$s/$v"
    [[ -f "$dir/summary.json" ]] && continue
    echo "== sigma $s $v" >&2
    # shellcheck disable=SC2086
    java -jar "$jar" toy --problem linear-net ${VARIANT[$v]} --sigma "$s" --seeds "${SEEDS:-0-4}" --out "$dir.tmp" \
      | tail -n 2 | head -n 1 >&2 || true
    if [[ -f "$dir.tmp/summary.json" ]]; then
      rm -rf "$dir"
      mv "$dir.tmp" "$dir"
    fi
  done
done
