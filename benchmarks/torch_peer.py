#!/usr/bin/python3
"""PyTorch peer of our JMH benchmarks: the same GEMMs and training steps, timed in float32 and float64.

Work timed (the same as GemmBenchmark and TrainStepBenchmark):

  gemm  C = A·B, square size³ (512 and 1024), A and B uniform in [-1, 1), C preallocated (torch.mm out=).
        GFLOP/s = 2·size³ / median time.
  mlp   one SGD step of 784-1200-1200-10 with ReLU at batch 128: flatten [128,1,28,28], forward,
        mean cross-entropy, backward, SGD lr 0.01 momentum 0.9 (PyTorch semantics, which ours follows).
  cnn   the same step for the plain SimpleCNN of SimpleCnnModel.reference() without its hypernetwork
        parts: conv 1→16 5×5 pad 2, ReLU, maxpool 2, conv 16→32 5×5 pad 2, ReLU, maxpool 2, flatten 1568,
        linear 1568→1568, ReLU, linear 1568→10 (all with biases).

Each item: a warm-up of --warmup seconds, then --reps repetitions; a repetition runs as many calls as fill
--rep-time seconds (calibrated in the warm-up) and its time is elapsed / calls. The result is the median
over the repetitions (min and max are printed as well).

Threads: OMP_NUM_THREADS, OPENBLAS_NUM_THREADS, MKL_NUM_THREADS are set to --threads and
OMP_WAIT_POLICY=PASSIVE before torch is imported, then torch.set_num_threads(--threads).

Refuses to run (exit 3) unless the BLAS library torch has loaded is OpenBLAS: without it, torch uses a
reference BLAS at a few GFLOP/s and every ratio against it is meaningless.

Usage: /usr/bin/python3 benchmarks/torch_peer.py [--threads N] [--quick] [--format csv|json] [--out FILE]
       /usr/bin/python3 benchmarks/torch_peer.py --check-only      # the BLAS check alone
"""

import argparse
import json
import os
import platform
import re
import statistics
import sys
import time


def parse_args():
    p = argparse.ArgumentParser(description="Time GEMMs and MLP/SimpleCNN training steps in PyTorch "
                                            "(float32 and float64), pinned to a thread count.")
    p.add_argument("--threads", type=int, default=1, help="intra-op threads (default 1)")
    p.add_argument("--dtypes", default="float32,float64", help="comma-separated subset of float32,float64")
    p.add_argument("--items", default="gemm,mlp,cnn", help="comma-separated subset of gemm,mlp,cnn")
    p.add_argument("--sizes", default="512,1024", help="GEMM sizes (default 512,1024)")
    p.add_argument("--batch", type=int, default=128, help="training-step batch size (default 128)")
    p.add_argument("--warmup", type=float, default=2.0, help="warm-up seconds per item (default 2)")
    p.add_argument("--reps", type=int, default=7, help="timed repetitions per item (default 7)")
    p.add_argument("--rep-time", type=float, default=1.0, help="seconds per repetition (default 1)")
    p.add_argument("--quick", action="store_true",
                   help="smoke test: 0.3 s warm-up, 3 repetitions of 0.1 s (numbers not for the record)")
    p.add_argument("--format", choices=["csv", "json"], default="csv", help="result format on stdout")
    p.add_argument("--out", help="also write the JSON result (with the build info) to this file")
    p.add_argument("--check-only", action="store_true",
                   help="only print the build/BLAS/thread information and check for OpenBLAS (exit 0 or 3)")
    a = p.parse_args()
    if a.threads < 1:
        p.error("--threads must be >= 1")
    if a.quick:
        a.warmup, a.reps, a.rep_time = 0.3, 3, 0.1
    a.dtypes = [d.strip() for d in a.dtypes.split(",") if d.strip()]
    a.items = [i.strip() for i in a.items.split(",") if i.strip()]
    a.sizes = [int(s) for s in a.sizes.split(",") if s.strip()]
    for d in a.dtypes:
        if d not in ("float32", "float64"):
            p.error("unknown dtype " + d)
    for i in a.items:
        if i not in ("gemm", "mlp", "cnn"):
            p.error("unknown item " + i)
    return a


ARGS = parse_args()

# Must happen before torch (and with it libgomp and OpenBLAS) is loaded.
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = str(ARGS.threads)
os.environ["OMP_WAIT_POLICY"] = "PASSIVE"

try:
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
except ImportError as e:
    sys.exit("torch_peer.py: cannot import torch (%s). On Debian: apt-get install python3-torch "
             "libopenblas0-openmp (benchmarks/peer.sh does it)." % e)


def log(msg=""):
    print(msg, file=sys.stderr, flush=True)


def mapped_libraries():
    """Real paths of the shared libraries mapped into this process (Linux)."""
    libs = []
    try:
        with open("/proc/self/maps") as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 6 and ".so" in parts[5]:
                    path = os.path.realpath(parts[5])
                    if path not in libs:
                        libs.append(path)
    except OSError:
        pass
    return libs


def gemm_provider():
    """The library that defines the dgemm_ torch's libtorch_cpu resolves (dlsym + dladdr), or None."""
    import ctypes

    class DlInfo(ctypes.Structure):
        _fields_ = [("dli_fname", ctypes.c_char_p), ("dli_fbase", ctypes.c_void_p),
                    ("dli_sname", ctypes.c_char_p), ("dli_saddr", ctypes.c_void_p)]

    try:
        cpu = [l for l in mapped_libraries() if os.path.basename(l).startswith("libtorch_cpu")]
        if not cpu:
            return None
        sym = ctypes.CDLL(cpu[0]).dgemm_
        info = DlInfo()
        if ctypes.CDLL(None).dladdr(ctypes.cast(sym, ctypes.c_void_p), ctypes.byref(info)) == 0:
            return None
        return os.path.realpath(info.dli_fname.decode())
    except (OSError, AttributeError, ValueError):
        return None


def blas_info():
    """What BLAS torch really calls: the build setting, the library mapped, OpenBLAS's own config."""
    a = torch.ones(64, 64, dtype=torch.float64)
    torch.mm(a, a)  # make sure the BLAS path has been exercised
    show = torch.__config__.show()
    build_line = next((l.strip(" -") for l in show.splitlines() if "BLAS_INFO" in l), "")
    settings = dict(f.split("=", 1) for f in re.findall(r"\b([A-Z_]+=[^,\s]*)", build_line))
    blas_setting = ", ".join("%s=%s" % (k, settings[k]) for k in ("BLAS_INFO", "LAPACK_INFO", "USE_MKLDNN",
                                                                  "USE_OPENMP") if k in settings)
    provider = gemm_provider()
    libs = [l for l in mapped_libraries()
            if any(k in os.path.basename(l).lower() for k in ("blas", "mkl", "blis", "lapack"))]
    openblas = [l for l in libs if "openblas" in l.lower()]
    config = corename = None
    nthreads = None
    if openblas:
        import ctypes
        for path in openblas:
            try:
                lib = ctypes.CDLL(path)
                lib.openblas_get_config.restype = ctypes.c_char_p
                lib.openblas_get_corename.restype = ctypes.c_char_p
                config = lib.openblas_get_config().decode()
                corename = lib.openblas_get_corename().decode()
                nthreads = lib.openblas_get_num_threads()
                break
            except (OSError, AttributeError):
                continue
    return {
        "build_blas_info": blas_setting,
        "build_settings_line": build_line,
        "mapped_blas_libraries": libs,
        "dgemm_provider": provider,
        # the library dgemm_ resolves to decides; if it cannot be found (e.g. BLAS linked statically into
        # libtorch_cpu), the build setting does
        "is_openblas": ("openblas" in provider.lower()) if provider and "libtorch" not in provider
        else settings.get("BLAS_INFO", "").lower() == "open",
        "openblas_config": config,
        "openblas_corename": corename,
        "openblas_num_threads": nthreads,
        "mkldnn": torch.backends.mkldnn.is_available(),
        "config_show": show,
    }


def timed(fn, sync_result=None):
    """Warm up, calibrate calls per repetition, then time ARGS.reps repetitions; ms per call."""
    t_end = time.perf_counter() + ARGS.warmup
    calls = 0
    t0 = time.perf_counter()
    fn()
    calls += 1
    while time.perf_counter() < t_end:
        fn()
        calls += 1
    per_call = (time.perf_counter() - t0) / calls
    n = max(1, int(round(ARGS.rep_time / max(per_call, 1e-9))))
    times = []
    for _ in range(ARGS.reps):
        t = time.perf_counter()
        for _ in range(n):
            fn()
        times.append((time.perf_counter() - t) / n * 1e3)
    return {
        "median_ms": statistics.median(times),
        "min_ms": min(times),
        "max_ms": max(times),
        "reps": ARGS.reps,
        "calls_per_rep": n,
        "warmup_calls": calls,
    }


def gemm_item(size, dtype):
    g = torch.Generator().manual_seed(2020)
    a = torch.rand(size, size, dtype=dtype, generator=g) * 2 - 1
    b = torch.rand(size, size, dtype=dtype, generator=g) * 2 - 1
    c = torch.empty(size, size, dtype=dtype)

    def step():
        torch.mm(a, b, out=c)

    r = timed(step)
    r["gflops"] = 2.0 * size ** 3 / (r["median_ms"] * 1e-3) / 1e9
    return r


def mlp_net():
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 1200), nn.ReLU(), nn.Linear(1200, 1200), nn.ReLU(),
                         nn.Linear(1200, 10))


def cnn_net():
    return nn.Sequential(nn.Conv2d(1, 16, 5, stride=1, padding=2), nn.ReLU(), nn.MaxPool2d(2, 2),
                         nn.Conv2d(16, 32, 5, stride=1, padding=2), nn.ReLU(), nn.MaxPool2d(2, 2),
                         nn.Flatten(), nn.Linear(1568, 1568), nn.ReLU(), nn.Linear(1568, 10))


def train_item(build, dtype):
    torch.manual_seed(1)
    net = build().to(dtype)
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
    x = torch.rand(ARGS.batch, 1, 28, 28, dtype=dtype)
    y = torch.randint(0, 10, (ARGS.batch,))

    def step():
        opt.zero_grad(set_to_none=True)  # ours builds fresh gradients every step too
        loss = F.cross_entropy(net(x), y)
        loss.backward()
        opt.step()

    return timed(step)


def main():
    torch.set_num_threads(ARGS.threads)
    info = blas_info()
    log("torch %s, Python %s, %s" % (torch.__version__, platform.python_version(), platform.machine()))
    log("torch build config (torch.__config__.show()): " + (info["build_blas_info"] or "BLAS_INFO not reported")
        + "  (generic = the system's libblas.so.3, whichever implementation it points to)")
    log("BLAS libraries mapped: " + (", ".join(info["mapped_blas_libraries"]) or "none"))
    log("dgemm_ of libtorch_cpu resolves to: %s" % (info["dgemm_provider"] or "unknown"))
    log("OpenBLAS config: %s (core %s, %s threads)" % (info["openblas_config"], info["openblas_corename"],
                                                        info["openblas_num_threads"]))
    log("torch threads: %d intra-op (set_num_threads(%d)); OMP_NUM_THREADS=%s OPENBLAS_NUM_THREADS=%s "
        "OMP_WAIT_POLICY=%s; oneDNN (mkldnn) available: %s"
        % (torch.get_num_threads(), ARGS.threads, os.environ["OMP_NUM_THREADS"],
           os.environ["OPENBLAS_NUM_THREADS"], os.environ["OMP_WAIT_POLICY"], info["mkldnn"]))
    if not info["is_openblas"]:
        log("")
        log("torch_peer.py: REFUSING TO RUN: torch is not backed by OpenBLAS (%s; dgemm_ comes from %s)."
            % (info["build_blas_info"] or "no BLAS_INFO", info["dgemm_provider"] or "unknown"))
        log("Without OpenBLAS torch falls back to a reference BLAS (a few GFLOP/s) and every ratio is "
            "meaningless. On Debian: apt-get install libopenblas0-openmp, and check "
            "update-alternatives --display libblas.so.3-x86_64-linux-gnu.")
        return 3
    if ARGS.check_only:
        log("OK: torch is backed by OpenBLAS")
        return 0
    log("settings: warm-up %.1f s, %d repetitions of >= %.2f s, median; batch %d%s"
        % (ARGS.warmup, ARGS.reps, ARGS.rep_time, ARGS.batch, " (--quick: not for the record)" if ARGS.quick else ""))

    dtypes = {"float32": torch.float32, "float64": torch.float64}
    rows = []
    for item in ARGS.items:
        for dname in ARGS.dtypes:
            dt = dtypes[dname]
            if item == "gemm":
                for size in ARGS.sizes:
                    r = gemm_item(size, dt)
                    rows.append(dict(item="gemm", param="%d" % size, dtype=dname, threads=ARGS.threads, **r))
                    log("  gemm %4d³ %-7s %9.3f ms  %6.1f GFLOP/s" % (size, dname, r["median_ms"], r["gflops"]))
            else:
                r = train_item(mlp_net if item == "mlp" else cnn_net, dt)
                rows.append(dict(item=item, param="batch%d" % ARGS.batch, dtype=dname, threads=ARGS.threads,
                                 gflops=None, **r))
                log("  %-4s step %-7s %9.3f ms (min %.3f, max %.3f)"
                    % (item, dname, r["median_ms"], r["min_ms"], r["max_ms"]))

    result = {
        "torch_version": torch.__version__,
        "python": platform.python_version(),
        "threads": ARGS.threads,
        "quick": ARGS.quick,
        "warmup_s": ARGS.warmup,
        "reps": ARGS.reps,
        "rep_time_s": ARGS.rep_time,
        "blas": {k: v for k, v in info.items() if k != "config_show"},
        "config_show": info["config_show"],
        "results": rows,
    }
    if ARGS.out:
        with open(ARGS.out, "w") as f:
            json.dump(result, f, indent=2)
    if ARGS.format == "json":
        json.dump(result, sys.stdout, indent=2)
        print()
    else:
        cols = ["item", "param", "dtype", "threads", "median_ms", "min_ms", "max_ms", "gflops", "reps",
                "calls_per_rep"]
        print(",".join(cols))
        for r in rows:
            print(",".join("" if r[c] is None else ("%.4f" % r[c] if isinstance(r[c], float) else str(r[c]))
                           for c in cols))
    return 0


if __name__ == "__main__":
    sys.exit(main())
