#!/usr/bin/env bash
# The same searches on the local engine and on Spark (embedded, local[2]); EXPERIMENTS.md "Searches on Spark".
#
#   scripts/engine-comparison.sh OUT
#
# Needs the CLI jar and the Spark build (mvn -B install -DskipTests) and the MNIST data (scripts/fetch-data.sh mnist).
# Prints, per search, the wall-clock seconds and whether trials.csv is the same apart from its two time columns.
set -euo pipefail
out=${1:?usage: engine-comparison.sh OUT}
cd "$(dirname "$0")/.."
mkdir -p "$out"
cli=(java -Xmx4g -jar deltastn/target/deltastn-cli.jar)
spark=(scripts/deltastn-spark.sh)

# run NAME COMMAND...: the command's wall-clock seconds into OUT/NAME.seconds, its console into OUT/NAME.log
run() {
    local name=$1; shift
    local t0; t0=$(date +%s.%N)
    "$@" --out "$out/$name" --overwrite > "$out/$name.log" 2>&1
    echo "$(date +%s.%N) - $t0" | bc > "$out/$name.seconds"
}
same() { diff <(cut -d, -f1,4- "$out/$1/trials.csv") <(cut -d, -f1,4- "$out/$2/trials.csv") > /dev/null && echo same || echo DIFFERENT; }

toy=(search --experiment toy --problem ridge --strategy bo --trials 8 --threads 1 --seed 0)
run toy-local-q1 "${cli[@]}" "${toy[@]}"
run toy-local-q2 "${cli[@]}" "${toy[@]}" --batch 2
run toy-spark-q2 "${spark[@]}" "${toy[@]}" --batch 2 --engine spark --master 'local[2]'

mnist=(search --experiment mnist --strategy random --trials 4 --epochs 2 --limit-train 5000 --limit-eval 2000 --seed 0)
run mnist-local-t2 "${cli[@]}" "${mnist[@]}" --threads 2
run mnist-local-t1 "${cli[@]}" "${mnist[@]}" --threads 1
run mnist-spark-t1 "${spark[@]}" "${mnist[@]}" --threads 1 --engine spark --master 'local[2]'

printf '%-16s %9s  %s\n' search seconds "trials.csv against the first of its group"
for n in toy-local-q1 toy-local-q2 toy-spark-q2; do
    printf '%-16s %9.1f  %s\n' "$n" "$(cat "$out/$n.seconds")" "$([[ $n == toy-spark-q2 ]] && same toy-local-q2 $n || echo -)"
done
for n in mnist-local-t2 mnist-local-t1 mnist-spark-t1; do
    printf '%-16s %9.1f  %s\n' "$n" "$(cat "$out/$n.seconds")" "$(same mnist-local-t2 $n)"
done
