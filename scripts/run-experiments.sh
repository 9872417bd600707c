#!/usr/bin/env bash
# The CPU-scale counterpart of the paper's Table 1 and its LSTM study, as reported in EXPERIMENTS.md.
# Runs one after another (never in parallel: the seconds per epoch are part of the result):
#   mnist  : fixed dropout 0.05, STN, centered STN, Delta-STN, then random search and BO with the
#            wall-clock budget of the Delta-STN run;
#   fmnist : the same on the first $FMNIST_LIMIT training images;
#   lm     : fixed and Delta-STN on the Brown corpus (small LSTM).
# Usage: scripts/run-experiments.sh OUT_DIR [mnist] [fmnist] [lm]     (default: all three)
# Needs the data sets (scripts/fetch-data.sh) and a built CLI jar (mvn -B -q install -DskipTests).
# Environment: JAR (default deltastn/target/deltastn-cli.jar), EPOCHS (10), WARMUP (5), THREADS (2),
# FMNIST_LIMIT (20000), LM_EPOCHS (5), LM_LIMIT (4000 segments), LM_EVAL (600 segments).
set -euo pipefail
out=${1:?usage: run-experiments.sh OUT_DIR [mnist] [fmnist] [lm]}
shift
parts=("$@")
[[ ${#parts[@]} -eq 0 ]] && parts=(mnist fmnist lm)
jar=${JAR:-deltastn/target/deltastn-cli.jar}
epochs=${EPOCHS:-10}
warmup=${WARMUP:-5}
threads=${THREADS:-2}
run() { echo "== $(date -u +%H:%M:%S) $*" >&2; nice java -Xmx8g -jar "$jar" "$@"; }
seconds() { jq -r '.seconds' "$1/summary.json"; }

image() { # experiment, extra flags...
  local ex=$1; shift
  for m in delta fixed stn centered; do
    run "$ex" --method "$m" --epochs "$epochs" --warmup "$warmup" --threads "$threads" "$@" \
      --out "$out/$ex-$m" > "$out/$ex-$m.log" 2>&1
  done
  # the searches get the wall-clock seconds of the Delta-STN run
  local budget; budget=$(seconds "$out/$ex-delta")
  for s in random bo; do
    run search --experiment "$ex" --strategy "$s" --trials 50 --max-seconds "$budget" --epochs "$epochs" \
      --threads "$threads" "$@" --out "$out/$ex-$s" > "$out/$ex-$s.log" 2>&1
  done
  java -jar "$jar" compare "$out/$ex"-{fixed,random,bo,stn,centered,delta} --out "$out/$ex-compare.png" \
    > "$out/$ex-compare.txt"
}

mkdir -p "$out"
for p in "${parts[@]}"; do
  case $p in
    mnist) image mnist ;;
    fmnist) image fmnist --limit-train "${FMNIST_LIMIT:-20000}" ;;
    lm)
      for m in delta fixed; do
        run lm --method "$m" --epochs "${LM_EPOCHS:-5}" --warmup 1 --threads "$threads" \
          --limit-train "${LM_LIMIT:-4000}" --limit-eval "${LM_EVAL:-600}" --out "$out/lm-$m" \
          > "$out/lm-$m.log" 2>&1
      done ;;
    *) echo "unknown part: $p (mnist, fmnist or lm)" >&2; exit 2 ;;
  esac
done
echo "== $(date -u +%H:%M:%S) done" >&2
