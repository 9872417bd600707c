#!/usr/bin/env bash
# The float32 study of EXPERIMENTS.md: does training in float32 reach what float64 reaches, and how much
# faster is it? Three parts, fixed before any result was looked at:
#
#   accuracy  plain MLP (`mnist --method fixed`), all of MNIST, 5 epochs, seed 0, float32 and float64:
#             test accuracy after the same epochs (target: within 0.15 points)
#   delta     Delta-STN on a short setting (5,000 training images, 6 epochs with 2 of warm-up, 3,000
#             evenly spaced validation and test images), seeds 0-2, both dtypes: final validation loss
#             (target: float32 within the seed-to-seed spread of float64)
#   speed     one Delta-STN tuning epoch on all of MNIST (2 epochs, the first warm-up), 2 threads, both
#             dtypes: training + hyper-step seconds of epoch 2 (target: float32 at most 0.6x float64).
#             Run it only on a quiet machine (the load average is printed first).
#
#   scripts/float32-study.sh OUT [accuracy] [delta] [speed]     (default: all three)
#
# Each run writes OUT/<part>-<dtype>[-seed<S>]/; a run whose summary.json says "completed" is skipped, so the
# study resumes. Needs MNIST: scripts/fetch-data.sh mnist. Prints the table at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

[[ $# -ge 1 ]] || { sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
out=$1
shift
parts=("$@")
[[ ${#parts[@]} -eq 0 ]] && parts=(accuracy delta speed)

built=deltastn/target/deltastn-cli.jar
if [[ ! -f "$built" ]]; then
  mvn -B -q install -DskipTests -pl deltastn -am
fi
mkdir -p "$out"
jar="$out/deltastn-cli.jar"
cp "$built" "$jar"

run() {  # dir, then mnist options
  local dir=$1; shift
  if [[ -f "$dir/summary.json" ]] && grep -q '"completed"' "$dir/summary.json"; then return 0; fi
  echo "== $(basename "$dir")  (load: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  java -jar "$jar" mnist --out "$dir" --overwrite --no-checkpoint "$@" | tail -n 3 >&2
}

for part in "${parts[@]}"; do
  for dtype in float64 float32; do
    case $part in
      accuracy) run "$out/accuracy-$dtype" --method fixed --epochs 5 --warmup 0 --seed 0 --threads 2 --dtype $dtype ;;
      delta)
        for seed in 0 1 2; do
          run "$out/delta-$dtype-seed$seed" --method delta --limit-train 5000 --limit-eval 3000 --epochs 6 \
            --warmup 2 --seed $seed --threads 2 --dtype $dtype
        done ;;
      speed)
        echo "load before the speed runs: $(uptime)" >&2
        run "$out/speed-$dtype" --method delta --epochs 2 --warmup 1 --seed 0 --threads 2 --dtype $dtype ;;
      *) echo "float32-study.sh: unknown part '$part' (accuracy, delta, speed)" >&2; exit 2 ;;
    esac
  done
done

python3 - "$out" <<'EOF'
import csv, json, os, statistics, sys
out = sys.argv[1]
def summary(d):
    p = os.path.join(out, d, "summary.json")
    return json.load(open(p)) if os.path.exists(p) else None
def last_row(d):
    """The last epoch's row, with epoch_seconds = its training + hyper-step seconds (the csv's are cumulative)."""
    p = os.path.join(out, d, "metrics.csv")
    if not os.path.exists(p):
        return None
    rows = list(csv.DictReader(open(p)))
    if len(rows) < 2:
        return None
    t = lambda r: float(r["train_seconds"] or 0) + float(r["hyper_seconds"] or 0)
    row = dict(rows[-1])
    row["epoch_seconds"] = t(rows[-1]) - t(rows[-2])
    return row
print("| part | dtype | runs | final valid loss | test accuracy (%) | training + hyper-step s, last epoch |")
print("|---|---|---|---|---|---|")
for part, dirs in (("accuracy", ["accuracy-{}"]), ("delta", ["delta-{}-seed0", "delta-{}-seed1", "delta-{}-seed2"]),
                   ("speed", ["speed-{}"])):
    for dtype in ("float64", "float32"):
        rows = [r for r in (last_row(d.format(dtype)) for d in dirs) if r]
        if not rows:
            continue
        def col(name):
            vals = [float(r[name]) for r in rows if r.get(name) not in (None, "", "NaN")]
            if not vals:
                return "–"
            if len(vals) == 1:
                return f"{vals[0]:.4f}"
            return f"{statistics.mean(vals):.4f} ± {statistics.stdev(vals):.4f} ({', '.join(f'{v:.4f}' for v in vals)})"
        secs = [r["epoch_seconds"] for r in rows]
        acc = [float(r["test_acc"]) * 100 for r in rows if r.get("test_acc") not in (None, "", "NaN")]
        print(f"| {part} | {dtype} | {len(rows)} | {col('valid_loss')} | "
              f"{', '.join(f'{a:.2f}' for a in acc) or '–'} | {', '.join(f'{s:.1f}' for s in secs)} |")
EOF
