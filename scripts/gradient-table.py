#!/usr/bin/env python3
"""The table of scripts/toy-gradient-methods.sh: per problem and method, over the seeds, the runs within the
bounds, the median and worst relative regret, the median and worst |ln lambda - ln lambda*|, and the median
seconds per run and per cycle (1500 cycles of 10 training steps and one hyper step).

    python3 scripts/gradient-table.py OUT
"""
import json
import math
import os
import statistics
import sys

ORDER = ["stn", "centered", "delta", "ift-10", "ift-40", "unroll-10", "unroll-40"]
CYCLES = 1500


def main(root):
    for problem in ["ridge", "dropout"]:
        rows = []
        for m in ORDER:
            f = os.path.join(root, f"{problem}-{m}", "summary.json")
            if not os.path.isfile(f):
                continue
            with open(f) as fh:
                s = json.load(fh)
            star = s["exact_optimum"]
            runs = [r for r in s["methods"][0]["runs"] if r["failure"] is None]
            within = sum(r["within_bounds"] for r in runs)
            regret = [100 * r["relative_regret"] for r in runs]
            log = [abs(math.log(r["final_value"]) - math.log(star)) for r in runs]
            secs = [r["seconds"] for r in runs]
            rows.append(f"| {m} | {within}/{len(s['methods'][0]['runs'])} | {statistics.median(regret):.3f} | "
                        f"{max(regret):.3f} | {statistics.median(log):.3f} | {max(log):.3f} | "
                        f"{statistics.median(secs):.1f} | {1000 * statistics.median(secs) / CYCLES:.1f} |")
        if not rows:
            continue
        print(f"\n{problem} (lambda* = {star:.4f})\n")
        print("| method | within bounds | median regret (%) | worst regret (%) | median abs(ln l - ln l*) "
              "| worst | median s/run | ms/cycle |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        print("\n".join(rows))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
