"""PyTorch CPU peer for the benchmark suite.

Reads one JSON request per line on stdin ({"workload": ..., "reps", "warmup", "budgetMs"}),
times the workload the same way the Node side does (median after warm-up, per-cell
budget) and answers one JSON line per request. The first line it prints describes
torch: version, threads, and the BLAS library actually loaded.
"""
import json
import os
import sys
import time

import torch
import torch.nn.functional as F

from clip_step import prepare_clip_step


def blas_loaded():
    """Shared libraries with BLAS in their name mapped into this process (the one that ran)."""
    torch.randn(64, 64) @ torch.randn(64, 64)
    with open("/proc/self/maps") as f:
        libs = {line.split()[-1] for line in f if "blas" in line.lower() and "/" in line}
    return sorted(libs)


def build_info():
    cfg = torch.__config__.show()
    blas = [p.split("=")[1] for p in cfg.replace(",", " ").split() if p.startswith("BLAS_INFO=")]
    return {
        "version": torch.__version__,
        "threads": torch.get_num_threads(),
        "blasBuild": blas[0] if blas else "unknown",
        "blasLoaded": blas_loaded(),
        "mkldnn": torch.backends.mkldnn.is_available(),
    }


def conv_out(w):
    n, _, h, wd = w["x"]
    co, _, kh, kw = w["w"]
    s, p = w["stride"], w["pad"]
    return [n, co, (h + 2 * p - kh) // s + 1, (wd + 2 * p - kw) // s + 1]


def prepare(w):
    """Returns a function that runs the workload once."""
    kind = w["kind"]
    r = lambda s: torch.randn(*s, dtype=torch.float32)
    if kind == "matmul":
        a, b = r(w["a"]), r(w["b"])
        return lambda: torch.matmul(a, b)
    if kind == "conv":
        x, wt = r(w["x"]), r(w["w"])
        s, p = w["stride"], w["pad"]
        if w["pass"] == "fwd":
            def fwd():
                with torch.no_grad():
                    return F.conv2d(x, wt, stride=s, padding=p)
            return fwd
        xg, wg = x.clone().requires_grad_(), wt.clone().requires_grad_()
        dy = r(conv_out(w))

        def fwdbwd():
            xg.grad = None
            wg.grad = None
            F.conv2d(xg, wg, stride=s, padding=p).backward(dy)
        return fwdbwd
    if kind == "softmax":
        x = r(w["shape"])
        return lambda: torch.softmax(x, -1)
    if kind == "moments":
        x = r(w["shape"])
        return lambda: torch.var_mean(x, -1, unbiased=False)
    if kind == "add":
        a, b = r(w["shape"]), r(w["shape"])
        return lambda: torch.add(a, b)
    if kind == "chain":
        x = r(w["shape"])

        def chain():
            y = x + x
            for _ in range(w["ops"] - 1):
                y = y + x
            return y
        return chain
    if kind == "clip-step":
        return prepare_clip_step(w["clip"])
    raise ValueError(f"unknown workload kind {kind}")


def median(xs):
    s = sorted(xs)
    m = len(s) // 2
    return s[m] if len(s) % 2 else (s[m - 1] + s[m]) / 2


def measure(req):
    step = prepare(req["workload"])
    for _ in range(req["warmup"]):
        step()
    samples, spent = [], 0.0
    while len(samples) < req["reps"] and (not samples or spent + median(samples) <= req["budgetMs"]):
        t0 = time.perf_counter()
        step()
        dt = (time.perf_counter() - t0) * 1e3
        samples.append(dt)
        spent += dt
    return {"median": median(samples), "samples": samples}


def main():
    torch.manual_seed(0)
    # One thread per core this process may use (torch's default here can be fewer).
    torch.set_num_threads(int(os.environ.get("PRIOR_BENCH_TORCH_THREADS", len(os.sched_getaffinity(0)))))
    print(json.dumps(build_info()), flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            out = measure(json.loads(line))
        except Exception as e:  # reported as the cell's skip reason
            out = {"error": f"{type(e).__name__}: {e}"}
        print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
