#!/usr/bin/env bash
# The short MNIST comparison of issue 17 (EXPERIMENTS.md, "Gradient-based baselines on MNIST"): STN, centered
# STN, Delta-STN, IFT (K = 10 CG steps) and unrolled (K = 10 SGD steps, forward mode) on the MLP
# 784-1200-1200-1200-10, the first 5,000 training images, 10 epochs with 2 of warm-up, seeds 0-2, float64 (the
# gradient-based methods run in float64 only), 2 threads, one run after another.
#
#   scripts/mnist-gradient-methods.sh OUT        then   python3 scripts/protocol-table.py OUT mnist
#
# A `study`: started again with the same OUT it skips finished runs and resumes unfinished ones.
# Needs the data (scripts/fetch-data.sh mnist) and the CLI jar (mvn -B -q install -DskipTests).
# Environment: JAR (default deltastn/target/deltastn-cli.jar), SEEDS (0,1,2), THREADS (2).
set -euo pipefail
out=${1:?usage: mnist-gradient-methods.sh OUT}
jar=${JAR:-deltastn/target/deltastn-cli.jar}
java -jar "$jar" study --experiment mnist --method stn,centered,delta,ift,unroll --seed "${SEEDS:-0,1,2}" \
    --out "$out" -- --epochs 10 --warmup 2 --limit-train 5000 --limit-eval 5000 --dtype float64 \
    --threads "${THREADS:-2}"   # K = 10: the default of --hyper-terms
