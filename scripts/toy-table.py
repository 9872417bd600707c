#!/usr/bin/env python3
"""Markdown tables of a toy robustness study (scripts/toy-robustness.sh): one row per case and problem,
per method the seeds within the bounds (regret <= 1 %, |u - u*| <= 0.25), the median and worst regret; and
where RMSprop on the exact hypergradient would end (a local method's best case).

    scripts/toy-table.py OUT [OUT2 ...]

With several study folders (e.g. before and after a change) each row shows their counts side by side, in
the order given. Standard library only.
"""
import json
import os
import sys

METHODS = ["stn", "centered", "delta"]


def load(root):
    runs = {}
    for case in sorted(os.listdir(root)):
        cdir = os.path.join(root, case)
        if not os.path.isdir(cdir):
            continue
        for run in sorted(os.listdir(cdir)):
            f = os.path.join(cdir, run, "summary.json")
            if not os.path.isfile(f):
                continue
            with open(f) as fh:
                s = json.load(fh)
            problem, method = run.rsplit("-", 1)
            runs[(case, problem, method)] = s
    return runs


def cell(s):
    m = s["methods"][0]
    r = m["robustness"]
    return "%d/%d" % (r["within"], r["seeds"]), r


def pct(x):
    return "∞" if x == float("inf") else ("%.2f" % (100 * x))


def main(roots):
    studies = [load(r) for r in roots]
    keys = sorted({(c, p) for st in studies for (c, p, _) in st})
    head = "| case | problem | λ* | exact-gradient end |"
    rule = "|---|---|---|---|"
    for m in METHODS:
        head += " %s within | %s median / worst regret (%%) |" % (m, m)
        rule += "---|---|"
    print(head)
    print(rule)
    for c, p in keys:
        opt = None
        row = ""
        for m in METHODS:
            counts = []
            regrets = ""
            for st in studies:
                s = st.get((c, p, m))
                if s is None:
                    counts.append("–")
                    continue
                opt = s  # λ* and the exact-gradient end of the last study given
                n, r = cell(s)
                counts.append(n)
                if st is studies[-1]:
                    regrets = "%s / %s" % (pct(r["median_regret"]), pct(r["worst_regret"]))
            row += " %s | %s |" % (" → ".join(counts), regrets)
        lam = "%.4g%s" % (opt["exact_optimum"], "" if opt["optimum_interior"] else " (boundary)") if opt else "–"
        end = "%.4g" % opt["exact_gradient_endpoint"] if opt and "exact_gradient_endpoint" in opt else "–"
        print("| %s | %s | %s | %s |%s" % (c, p, lam, end, row))


if __name__ == "__main__":
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    main(sys.argv[1:])
