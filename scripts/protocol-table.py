#!/usr/bin/env python3
"""Tables and the verdict of the 300-epoch protocol (scripts/paper-protocol.sh; EXPERIMENTS.md).

    scripts/protocol-table.py OUT [mnist|fmnist ...]

Reads OUT/EX-METHOD-sN/summary.json (finished runs only) and OUT/EX-{random,bo}/summary.json, prints per
experiment one row per finished run (final and best validation loss, final test accuracy, seconds per epoch,
the CPU models of its sittings from machine.txt, the final hyperparameters from metrics.csv), then a markdown table (mean ± sample standard deviation over the seeds of the final and best validation
loss, the test loss at the best epoch, seconds per epoch split into training, hyper steps and evaluation) and
the verdict on the paper's claims by the rule fixed in EXPERIMENTS.md: a difference counts when the two means
differ by more than the larger of the two standard deviations; otherwise it is not resolved at these seeds.
Against a search (one seed, OUT/EX-STRATEGY/trials.csv) the margin is Delta-STN's standard deviation, at the
time of one Delta-STN run and with the search's whole budget (when the budget is counted in trials,
OUT/EX-search-trials.txt, "the time of one Delta-STN run" is the trials it costs, rounded down).
Standard library only.
"""
import csv
import json
import os
import re
import statistics
import sys

METHODS = ["fixed", "fixed-conventional", "stn", "centered", "delta"]


def finished(path):
    try:
        with open(path) as f:
            s = json.load(f)
    except (OSError, ValueError):
        return None
    return s if s.get("status") in ("completed", "diverged") else None


def mean_sd(values):
    if not values:
        return None, None
    return statistics.fmean(values), (statistics.stdev(values) if len(values) > 1 else 0.0)


def fmt(values, digits=4):
    m, sd = mean_sd(values)
    if m is None:
        return "—"
    return ("%.*f ± %.*f" % (digits, m, digits, sd)) if len(values) > 1 else "%.*f" % (digits, m)


def collect(out, ex):
    groups = {}
    for name in sorted(os.listdir(out)):
        m = re.fullmatch(re.escape(ex) + r"-(.+)-s(\d+)", name)
        if not m:
            continue
        s = finished(os.path.join(out, name, "summary.json"))
        if s is not None:
            groups.setdefault(m.group(1), []).append(s)
    return groups


def num(v):
    return float("nan") if v is None else float(v)


def judge(ma, mb, margin, seeds=""):
    """The rule: "better ≤ worse" holds when mb − ma > margin, is contradicted when ma − mb > margin."""
    if mb - ma > margin:
        return "holds: %.4f < %.4f by %.4f > %.4f" % (ma, mb, mb - ma, margin)
    if ma - mb > margin:
        return "contradicted: %.4f > %.4f by %.4f > %.4f" % (ma, mb, ma - mb, margin)
    return "not resolved%s: |%.4f − %.4f| ≤ %.4f" % (seeds, ma, mb, margin)


def verdict(groups, better, worse):
    a = [num(s["final"]["valid_loss"]) for s in groups.get(better, [])]
    b = [num(s["final"]["valid_loss"]) for s in groups.get(worse, [])]
    if len(a) < 2 or len(b) < 2:
        return "not run yet (%d and %d seeds)" % (len(a), len(b))
    (ma, sa), (mb, sb) = mean_sd(a), mean_sd(b)
    return judge(ma, mb, max(sa, sb), " at %d/%d seeds" % (len(a), len(b)))


def final_hyperparameters(run_dir):
    """The last row's hyperparameter columns of metrics.csv (those after test_acc, without the *_sigma ones)."""
    try:
        with open(os.path.join(run_dir, "metrics.csv")) as f:
            rows = list(csv.reader(f))
    except OSError:
        return "—"
    header, last = rows[0], rows[-1]
    start = header.index("test_acc") + 1
    values = [last[i] for i in range(start, len(header)) if not header[i].endswith("_sigma")]
    return ", ".join("%.3g" % float(v) for v in values)


def cpus(run_dir):
    """The CPU models (lscpu family/model, as "25/17") of a run's sittings, from its machine.txt; "?" if none."""
    try:
        with open(os.path.join(run_dir, "machine.txt")) as f:
            found = re.findall(r" on family (\d+) model (\d+),", f.read())
    except OSError:
        return "?"
    return ", ".join(sorted({"%s/%s" % m for m in found})) or "?"


def runs_table(out, ex):
    print("| %s run | final valid | best valid (epoch) | final test acc | s/epoch (train + hyper + eval) | CPU | final hyperparameters |" % ex)
    print("|---|---:|---:|---:|---|---|---|")
    for name in sorted(os.listdir(out)):
        if not re.fullmatch(re.escape(ex) + r"-(.+)-s(\d+)", name):
            continue
        s = finished(os.path.join(out, name, "summary.json"))
        if s is None:
            continue
        p = s.get("seconds_per_epoch") or {}
        print("| %s | %.4f | %.4f (%d) | %.2f %% | %.2f (%.2f + %.2f + %.2f) | %s | %s |" % (
            name, num(s["final"]["valid_loss"]), num(s["best"]["valid_loss"]), s["best"]["epoch"],
            100 * num(s["final"]["test_acc"]), num(p.get("total")), num(p.get("training")), num(p.get("hyper_steps")),
            num(p.get("evaluation")), cpus(os.path.join(out, name)), final_hyperparameters(os.path.join(out, name))))
    print()


def table(out, ex):
    groups = collect(out, ex)
    print("### %s\n" % ex)
    runs_table(out, ex)
    print("| method | seeds | final valid | best valid | test at best | final test acc | s/epoch (train + hyper + eval) |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for m in METHODS + sorted(set(groups) - set(METHODS)):
        runs = groups.get(m, [])
        if not runs:
            continue
        spe = [s.get("seconds_per_epoch") or {} for s in runs]
        split = " + ".join("%.2f" % statistics.fmean(num(p.get(k)) for p in spe)
                           for k in ("training", "hyper_steps", "evaluation"))
        print("| %s | %d | %s | %s | %s | %s | %.2f (%s) |" % (
            m, len(runs), fmt([num(s["final"]["valid_loss"]) for s in runs]),
            fmt([num(s["best"]["valid_loss"]) for s in runs]), fmt([num(s["best"]["test_loss"]) for s in runs]),
            fmt([100 * num(s["final"]["test_acc"]) for s in runs], 2),
            statistics.fmean(num(p.get("total")) for p in spe), split))
    for strategy in ("random", "bo"):
        d = os.path.join(out, ex + "-" + strategy)
        try:
            with open(os.path.join(d, "summary.json")) as f:
                s = json.load(f)
        except (OSError, ValueError):
            continue
        if s.get("best"):
            state = "" if os.path.isfile(os.path.join(d, "DONE")) else ", running"
            print("| %s (best trial) | %d trials, %.0f s%s | %.4f | %.4f | %.4f (final) | — | — |" % (
                strategy, s["trials"], s["seconds"], state, num(s["best"]["final_valid_loss"]),
                num(s["best"]["best_valid_loss"]), num(s["best"]["test_loss"])))
    print()
    print("- Δ-STN ≤ centered STN: " + verdict(groups, "delta", "centered"))
    print("- centered STN ≤ STN: " + verdict(groups, "centered", "stn"))
    print("- Δ-STN ≤ STN: " + verdict(groups, "delta", "stn"))
    print("- Δ-STN ≤ fixed at the initial values: " + verdict(groups, "delta", "fixed"))
    for strategy, name in (("random", "random search"), ("bo", "BO")):
        print("- Δ-STN ≤ %s: %s" % (name, search_verdict(groups, os.path.join(out, ex + "-" + strategy))))
    print()


def search_verdict(groups, d):
    """Claim 2: Delta-STN's final validation loss against the search's best final validation loss, at the
    time of one Delta-STN run (the trials finished by then; with a budget counted in trials, the first
    floor(r) trials) and with the whole budget. A search is one seed, so the margin is Delta-STN's seed
    standard deviation."""
    delta = groups.get("delta", [])
    try:
        with open(os.path.join(d, "trials.csv")) as f:
            rows = list(csv.DictReader(f))
    except OSError:
        return "not run yet"
    if len(delta) < 2 or not rows:
        return "not run yet (%d Δ-STN seeds, %d trials)" % (len(delta), len(rows))
    m, sd = mean_sd([num(s["final"]["valid_loss"]) for s in delta])
    state = "" if os.path.isfile(os.path.join(d, "DONE")) else ", search still running"
    whole = judge(m, num(rows[-1]["best_so_far"]), sd)
    budget = search_trials_ratio(d)
    if budget is None:
        t = statistics.fmean(num(s["seconds"]) for s in delta)
        done = [r for r in rows if float(r["end_seconds"]) <= t]
        at_t = judge(m, num(done[-1]["best_so_far"]), sd) if done else "no trial finished"
        return "at %.0f s (one Δ-STN run, %d trials finished): %s; at %.0f s (%d trials%s): %s" % (
            t, len(done), at_t, float(rows[-1]["end_seconds"]), len(rows), state, whole)
    # the budget in trials (runs on several CPU models): one Delta-STN run costs r trials
    k = min(int(budget), len(rows))
    at_t = judge(m, num(rows[k - 1]["best_so_far"]), sd) if k else "no trial finished"
    return "after %d trials (one Δ-STN run costs %.2f): %s; after %d trials%s: %s" % (
        k, budget, at_t, len(rows), state, whole)


def search_trials_ratio(search_dir):
    """r of OUT/EX-search-trials.txt ("trials N (3 x r)", written by paper-protocol.sh), or None if absent."""
    path = re.sub(r"-(random|bo)$", "-search-trials.txt", search_dir.rstrip("/"))
    try:
        with open(path) as f:
            last = f.read().strip().splitlines()[-1]
    except (OSError, IndexError):
        return None
    found = re.fullmatch(r"trials \d+ \(3 x ([0-9.]+)\)", last)
    return float(found.group(1)) if found else None


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    out = argv[1]
    for ex in argv[2:] or ["mnist", "fmnist"]:
        table(out, ex)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
