#!/usr/bin/env python3
"""The dropout rates the training step actually sees, from a run's metrics.csv (EXPERIMENTS.md, protocol ablations).

    scripts/effective-rates.py RUN_DIR... [--epochs 10,20,40,100,300] [--hi 0.95]

A method whose training step perturbs the hyperparameters (STN, centered_single) trains w0 at the per-example rates
p = hi * sigmoid(u0 + sigma * n), n ~ N(0, 1), with u0 the unconstrained value of the nominal rate p0 and sigma its
perturbation scale, both in metrics.csv (columns NAME and NAME_sigma). Their mean E[p] is not p0: the logistic is
convex below its midpoint, so E[p] > p0 there (Jensen). This prints, per run and epoch, p0 -> E[p] for every
dropout rate (the centered methods train w0 at p0 itself). E[p] by the trapezoid rule on n in [-8, 8].
Standard library only.
"""
import csv
import math
import sys


def mean_rate(p0, sigma, hi):
    u0 = math.log(p0 / hi / (1 - p0 / hi))
    steps = 1600
    total = 0.0
    for k in range(steps + 1):
        n = -8 + 16 * k / steps
        weight = (0.5 if k in (0, steps) else 1.0) * 16 / steps
        total += weight * math.exp(-n * n / 2) / math.sqrt(2 * math.pi) * hi / (1 + math.exp(-(u0 + sigma * n)))
    return total


def main(argv):
    args = argv[1:]
    epochs, hi, dirs = [10, 20, 40, 100, 300], 0.95, []
    while args:
        a = args.pop(0)
        if a == "--epochs":
            epochs = [int(e) for e in args.pop(0).split(",")]
        elif a == "--hi":
            hi = float(args.pop(0))
        else:
            dirs.append(a)
    if not dirs:
        print(__doc__)
        return 2
    for d in dirs:
        with open(d.rstrip("/") + "/metrics.csv") as f:
            rows = list(csv.DictReader(f))
        names = [k for k in rows[0] if k.startswith("dropout") and not k.endswith("_sigma")]
        print(d)
        for r in rows:
            if int(r["epoch"]) in epochs:
                cells = ["%s %.3f -> %.3f (sigma %.1f)" % (n, float(r[n]), mean_rate(float(r[n]), float(r[n + "_sigma"]), hi),
                                                            float(r[n + "_sigma"])) for n in names]
                print("  epoch %3s: valid %.4f; %s" % (r["epoch"], float(r["valid_loss"]), "; ".join(cells)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
