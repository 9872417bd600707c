#!/usr/bin/python3
"""Joins one peer.sh run: our JMH results (-rf json) and torch_peer.py's JSON, into one table with ratios.

Usage: peer_report.py --torch torch.json --jmh gemm.json [--jmh train.json ...] [--threads N]
                      [--dtype-ours float64[,float32]] [--csv out.csv]

Both sides are reduced the same way: the median over the timed iterations (JMH's per-iteration scores,
torch_peer.py's repetitions). Ratios: GEMM = ours GFLOP/s / PyTorch GFLOP/s (above 1: ours faster);
training steps = ours ms / PyTorch ms (below 1: ours faster). A dtype our benchmarks do not have yet
(no `dtype` JMH parameter) shows as n/a.
"""

import argparse
import json
import statistics
import sys

DTYPES = ("float32", "float64")
TO_MS = {"ms/op": 1.0, "us/op": 1e-3, "ns/op": 1e-6, "s/op": 1e3}
FROM_THROUGHPUT = {"ops/s": 1e3, "ops/ms": 1.0, "ops/us": 1e-3}


def median_ms(metric):
    """Median over all iterations of all forks, as milliseconds per operation."""
    raw = [v for fork in metric.get("rawData", []) for v in fork] or [metric["score"]]
    m = statistics.median(raw)
    unit = metric["scoreUnit"]
    if unit in TO_MS:
        return m * TO_MS[unit]
    if unit in FROM_THROUGHPUT:
        return FROM_THROUGHPUT[unit] / m
    raise ValueError("unknown JMH score unit " + unit)


def alloc_per_op(r):
    for k, v in r.get("secondaryMetrics", {}).items():
        if k.endswith("gc.alloc.rate.norm"):
            return v["score"]
    return None


def dtype_of(params):
    d = str(params.get("dtype", "float64")).lower()
    return "float32" if "32" in d else "float64" if "64" in d else d


def load_ours(paths):
    """{(work, dtype): {'ms':, 'gflops':, 'alloc':}} from JMH JSON files."""
    out = {}
    for path in paths:
        with open(path) as f:
            results = json.load(f)
        for r in results:
            name = r["benchmark"].rsplit(".", 2)
            cls, method = name[-2], name[-1]
            p = r.get("params", {})
            ms = median_ms(r["primaryMetric"])
            entry = {"ms": ms, "alloc": alloc_per_op(r), "gflops": None}
            if cls == "GemmBenchmark" and method.startswith("deltastn"):
                n = int(p["size"])
                work = "gemm %d³" % n
                entry["gflops"] = 2.0 * n ** 3 / (ms * 1e-3) / 1e9
            elif cls == "TrainStepBenchmark":
                work = "%s step" % p["model"]
            else:
                continue
            out[(work, dtype_of(p))] = entry
    return out


def load_torch(path):
    with open(path) as f:
        t = json.load(f)
    out = {}
    for r in t["results"]:
        work = "gemm %s³" % r["param"] if r["item"] == "gemm" else "%s step" % r["item"]
        out[(work, r["dtype"])] = {"ms": r["median_ms"], "gflops": r.get("gflops")}
    return t, out


def fmt(v, digits=None):
    if v is None:
        return "n/a"
    if digits is None:
        digits = 2 if abs(v) < 10 else 1
    return "%.*f" % (digits, v)


def fmt_bytes(b):
    if b is None:
        return "n/a"
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if b >= scale:
            return "%.1f %s" % (b / scale, unit)
    return "%.0f B" % b


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--torch", required=True)
    ap.add_argument("--jmh", action="append", default=[])
    ap.add_argument("--jmh-vector", action="append", default=[],
                    help="JMH JSON of the same benchmarks run with the optional Vector API kernels")
    ap.add_argument("--csv")
    a = ap.parse_args()

    meta, torch_r = load_torch(a.torch)
    ours = load_ours(a.jmh)
    vector = load_ours(a.jmh_vector)
    works = []
    for w, _ in list(torch_r) + list(ours) + list(vector):
        if w not in works:
            works.append(w)
    works.sort(key=lambda w: (0 if w.startswith("gemm") else 1 if w.startswith("mlp") else 2,
                              int(w.split()[1].rstrip("³")) if w.startswith("gemm") else 0))
    with_alloc = any(v.get("alloc") is not None for v in ours.values())

    head = ["work", "unit"]
    for d in DTYPES:
        head += ["PyTorch " + d, "ours " + d, "ours/PyTorch " + d]
        if vector:
            head += ["ours vector " + d, "ours vector/PyTorch " + d]
    if with_alloc:
        head += ["ours alloc/op " + d for d in DTYPES]
    rows = []
    csv_rows = []
    for w in works:
        gemm = w.startswith("gemm")
        row = [w, "GFLOP/s" if gemm else "ms/step"]
        raw = list(row)
        for d in DTYPES:
            t = torch_r.get((w, d))
            o = ours.get((w, d))
            tv = (t["gflops"] if gemm else t["ms"]) if t else None
            ov = (o["gflops"] if gemm else o["ms"]) if o else None
            ratio = ov / tv if (ov is not None and tv) else None
            row += [fmt(tv), fmt(ov), fmt(ratio, 2)]
            raw += ["" if v is None else "%.6g" % v for v in (tv, ov, ratio)]
            if vector:
                o = vector.get((w, d))
                vv = (o["gflops"] if gemm else o["ms"]) if o else None
                vratio = vv / tv if (vv is not None and tv) else None
                row += [fmt(vv), fmt(vratio, 2)]
                raw += ["" if v is None else "%.6g" % v for v in (vv, vratio)]
        if with_alloc:
            for d in DTYPES:
                o = ours.get((w, d))
                alloc = o["alloc"] if o else None
                row.append(fmt_bytes(alloc))
                raw.append("" if alloc is None else "%.0f" % alloc)
        rows.append(row)
        csv_rows.append(raw)

    print("| " + " | ".join(head) + " |")
    print("|" + "|".join("---" if i < 2 else "---:" for i in range(len(head))) + "|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print()
    print("threads: %s; PyTorch %s, BLAS: %s (%s)%s"
          % (meta["threads"], meta["torch_version"], meta["blas"].get("dgemm_provider"),
             meta["blas"].get("openblas_config"), "; QUICK run: not for the record" if meta.get("quick") else ""))
    if vector:
        print("ours vector: the same JMH benchmarks with the optional Vector API kernels "
              "(--add-modules=jdk.incubator.vector -Ddeltastn.vector=true).")
    print("GEMM ratio = ours GFLOP/s / PyTorch GFLOP/s (> 1: ours faster); step ratio = ours ms / PyTorch ms "
          "(< 1: ours faster); medians over the timed iterations of each side.")
    missing = sorted({d for w in works for d in DTYPES if (w, d) in torch_r and (w, d) not in ours})
    if missing:
        print("n/a: not measured on our side for %s (the JMH benchmark has no `dtype` parameter with that "
              "value yet; ours without the parameter is float64)." % ", ".join(missing))
    if a.csv:
        with open(a.csv, "w") as f:
            f.write(",".join(h.replace(" ", "_").replace("/", "_per_") + ("_bytes" if "alloc" in h else "")
                             for h in head) + "\n")
            for raw in csv_rows:
                f.write(",".join(raw) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
