"""Writes test/fixtures/metrics.json: random metric cases (ties and edge cases included) with
answers computed independently of @prior/eval, by scikit-learn where it has the metric and by
the straightforward numpy code below where it has not (retrieval, box mAP, percentiles).

Run with Debian's python3 (python3-sklearn): /usr/bin/python3 scripts/metric_fixtures.py
"""
import json
import os
import warnings

import numpy as np
import sklearn
from sklearn.metrics import (accuracy_score, cohen_kappa_score, f1_score, jaccard_score,
                             precision_recall_fscore_support, roc_auc_score, roc_curve)

warnings.filterwarnings("ignore")
rng = np.random.default_rng(2024)


def num(x):
    """JSON-safe float: NaN becomes null."""
    x = float(x)
    return None if np.isnan(x) else x


# ---------------------------------------------------------------- binary AUROC and ROC curves
def auroc_case(name, y, s):
    y = np.asarray(y, dtype=int)
    s = np.asarray(s, dtype=float)
    case = {"name": name, "labels": y.tolist(), "scores": s.tolist()}
    if len(np.unique(y)) < 2:
        case["auroc"] = None
    else:
        case["auroc"] = float(roc_auc_score(y, s))
        fpr, tpr, thr = roc_curve(y, s)  # drop_intermediate=True, sklearn's default
        # sklearn 1.2 writes thresholds[0] = max + 1 (later versions: inf); compare from index 1.
        case["roc"] = {"fpr": fpr.tolist(), "tpr": tpr.tolist(), "thresholds": thr[1:].tolist()}
    return case


auroc_cases = [
    auroc_case("tiny separable", [0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]),
    auroc_case("perfect", [0, 0, 0, 1, 1], [1, 2, 3, 4, 5]),
    auroc_case("inverted", [1, 1, 0, 0], [1, 2, 3, 4]),
    auroc_case("all scores tied", [0, 1, 0, 1, 1], [0.5] * 5),
    auroc_case("two cases", [1, 0], [0.2, 0.2]),
    auroc_case("single class (all negative)", [0, 0, 0], [0.1, 0.2, 0.3]),
    auroc_case("single class (all positive)", [1, 1], [0.1, 0.2]),
]
for i in range(8):
    n = int(rng.integers(5, 120))
    y = (rng.random(n) < rng.uniform(0.1, 0.9)).astype(int)
    if y.min() == y.max():
        y[0] = 1 - y[0]
    s = y * rng.uniform(0, 1.5) + rng.standard_normal(n)
    auroc_cases.append(auroc_case(f"random normal {i}", y, s))
for i in range(8):
    n = int(rng.integers(5, 200))
    y = (rng.random(n) < 0.3).astype(int)
    if y.min() == y.max():
        y[0] = 1 - y[0]
    s = np.clip(np.round(y + rng.standard_normal(n) * 1.2), -2, 3)  # few distinct values: many ties
    auroc_cases.append(auroc_case(f"heavy ties {i}", y, s))

# ---------------------------------------------------------------- multi-label AUROC
multilabel_cases = []
for i, (n, c) in enumerate([(40, 5), (60, 3), (25, 14)]):
    y = (rng.random((n, c)) < rng.uniform(0.1, 0.5, c)).astype(int)
    y[:, 1] = 0 if i != 1 else 1  # one undefined class in every case
    s = np.round(y * 0.8 + rng.standard_normal((n, c)), 1)
    per = [roc_auc_score(y[:, j], s[:, j]) if len(np.unique(y[:, j])) == 2 else np.nan for j in range(c)]
    defined = [j for j in range(c) if not np.isnan(per[j])]
    macro_defined = roc_auc_score(y[:, defined], s[:, defined], average="macro")
    multilabel_cases.append({"name": f"multilabel {n}x{c}", "labels": y.tolist(), "scores": s.tolist(),
                             "perClass": [num(p) for p in per], "macro": float(macro_defined),
                             "undefined": [j for j in range(c) if np.isnan(per[j])]})

# ---------------------------------------------------------------- single-label classification
classification_cases = []


def cls_case(name, yt, yp, labels=None):
    yt = np.asarray(yt, dtype=int)
    yp = np.asarray(yp, dtype=int)
    case = {"name": name, "yTrue": yt.tolist(), "yPred": yp.tolist(), "labels": labels,
            "accuracy": float(accuracy_score(yt, yp))}
    for zd in (0, 1):
        p, r, f, _ = precision_recall_fscore_support(yt, yp, labels=labels, average="macro", zero_division=zd)
        pc, rc, fc, sc = precision_recall_fscore_support(yt, yp, labels=labels, average=None, zero_division=zd)
        case[f"prf_zd{zd}"] = {"precision": float(p), "recall": float(r), "f1": float(f),
                               "perClass": {"precision": pc.tolist(), "recall": rc.tolist(), "f1": fc.tolist(), "support": sc.tolist()}}
    case["kappa"] = {w: num(cohen_kappa_score(yt, yp, labels=labels, weights=None if w == "none" else w)) for w in ("none", "linear", "quadratic")}
    return case


classification_cases.append(cls_case("perfect", [0, 1, 2, 2], [0, 1, 2, 2]))
classification_cases.append(cls_case("class never predicted", [0, 1, 2, 2, 1], [0, 0, 1, 1, 1]))
classification_cases.append(cls_case("predicted class absent from truth", [0, 0, 1, 1], [0, 2, 1, 2]))
classification_cases.append(cls_case("explicit labels with an absent class", [0, 0, 1, 1], [0, 1, 1, 1], labels=[0, 1, 2]))
classification_cases.append(cls_case("constant equal raters", [1, 1, 1], [1, 1, 1]))
classification_cases.append(cls_case("negative and sparse labels", [-1, 5, 5, 3, -1], [5, 5, -1, 3, 3]))
for i in range(6):
    n = int(rng.integers(10, 150))
    k = int(rng.integers(2, 7))
    yt = rng.integers(0, k, n)
    yp = np.where(rng.random(n) < 0.6, yt, rng.integers(0, k, n))
    classification_cases.append(cls_case(f"random {k} classes {i}", yt, yp))

# ---------------------------------------------------------------- retrieval (numpy: stable argsort)
retrieval_cases = []
for i, (q, n, k, tied) in enumerate([(12, 30, 5, False), (20, 20, 4, True), (7, 9, 3, True), (10, 6, 2, False)]):
    ql = rng.integers(0, k, q)
    cl = rng.integers(0, k, n)
    sim = rng.standard_normal((q, n)) + 0.8 * (ql[:, None] == cl[None, :])
    if tied:
        sim = np.round(sim)
    ks = [1, 5, 10]
    out = []
    for kk in ks:
        kc = min(kk, n)
        prec, rec = [], []
        for a in range(q):
            order = np.argsort(-sim[a], kind="stable")[:kc]
            hits = int(np.sum(cl[order] == ql[a]))
            rel = int(np.sum(cl == ql[a]))
            prec.append(hits / kc)
            rec.append(hits / rel if rel else np.nan)
        rec = np.array(rec)
        out.append({"k": kk, "precision": float(np.mean(prec)),
                    "recall": num(np.nanmean(rec)) if np.any(~np.isnan(rec)) else None,
                    "recallQueries": int(np.sum(~np.isnan(rec)))})
    retrieval_cases.append({"name": f"retrieval {q}x{n} ({'ties' if tied else 'no ties'})", "similarity": sim.tolist(),
                            "queryLabels": ql.tolist(), "candidateLabels": cl.tolist(), "results": out})

# ---------------------------------------------------------------- masks (sklearn f1 = Dice, jaccard = IoU)
mask_cases = []
for i in range(4):
    m = int(rng.integers(3, 7))
    size = int(rng.integers(16, 64))
    truths, preds = [], []
    for j in range(m):
        t = (rng.random(size) < rng.uniform(0, 0.4)).astype(int)
        if j == 0:
            t[:] = 0  # empty truth; prediction empty too in case 0, not empty otherwise
        p = np.where(rng.random(size) < 0.8, t, 1 - t)
        if j == 0 and i == 0:
            p[:] = 0
        if j == 1:
            t[:] = 0
            p[:] = 0  # both empty
        # predictions as probabilities, thresholded at 0.5
        preds.append(np.where(p == 1, rng.uniform(0.5, 1, size), rng.uniform(0, 0.49, size)).round(3).tolist())
        truths.append(t.tolist())
    pb = [(np.array(p) >= 0.5).astype(int) for p in preds]
    tb = [np.array(t) for t in truths]
    dice = [f1_score(t, p, zero_division=1) for t, p in zip(tb, pb)]
    iou = [jaccard_score(t, p, zero_division=1) for t, p in zip(tb, pb)]
    gt, gp = np.concatenate(tb), np.concatenate(pb)
    mask_cases.append({"name": f"masks {i}", "preds": preds, "truths": truths,
                       "dice": {"perImage": dice, "mean": float(np.mean(dice)), "global": float(f1_score(gt, gp, zero_division=1))},
                       "iou": {"perImage": iou, "mean": float(np.mean(iou)), "global": float(jaccard_score(gt, gp, zero_division=1))}})


# ---------------------------------------------------------------- box mAP (COCO rules, written out here)
def iou_matrix(dets, gts):
    """IoU of every detection with every truth, boxes as [x, y, w, h]."""
    if len(dets) == 0 or len(gts) == 0:
        return np.zeros((len(dets), len(gts)))
    d = np.asarray(dets, float)[:, None, :]
    g = np.asarray(gts, float)[None, :, :]
    w = np.clip(np.minimum(d[..., 0] + d[..., 2], g[..., 0] + g[..., 2]) - np.maximum(d[..., 0], g[..., 0]), 0, None)
    h = np.clip(np.minimum(d[..., 1] + d[..., 3], g[..., 1] + g[..., 3]) - np.maximum(d[..., 1], g[..., 1]), 0, None)
    inter = w * h
    union = d[..., 2] * d[..., 3] + g[..., 2] * g[..., 3] - inter
    return np.where(union > 0, inter / np.where(union > 0, union, 1), 0)


def coco_ap(images, label, thr):
    """images: list of (dets [(box, score, label)], gts [(box, label)])."""
    all_scores, all_tp = [], []
    n_gt = 0
    for dets, gts in images:
        d = [(b, s) for b, s, l in dets if l == label]
        g = [b for b, l in gts if l == label]
        n_gt += len(g)
        order = np.argsort([-s for _, s in d], kind="mergesort")
        d = [d[o] for o in order]
        ious = iou_matrix([b for b, _ in d], g)
        matched = np.zeros(len(g), bool)
        for di in range(len(d)):
            best_iou, m = min(thr, 1 - 1e-10), -1
            for gi in range(len(g)):
                if matched[gi] or ious[di, gi] < best_iou:
                    continue
                if m >= 0 and ious[di, gi] == best_iou:
                    continue  # this project's rule: ties go to the earlier truth
                best_iou, m = ious[di, gi], gi
            if m >= 0:
                matched[m] = True
            all_scores.append(d[di][1])
            all_tp.append(m >= 0)
    if n_gt == 0:
        return np.nan
    order = np.argsort(-np.asarray(all_scores), kind="mergesort")
    tp = np.asarray(all_tp, bool)[order] if all_tp else np.zeros(0, bool)
    tpc = np.cumsum(tp)
    fpc = np.cumsum(~tp)
    rc = tpc / n_gt
    pr = (tpc / np.maximum(tpc + fpc, np.finfo(float).eps)).tolist()
    for i in range(len(pr) - 1, 0, -1):
        pr[i - 1] = max(pr[i - 1], pr[i])
    rec_thrs = np.arange(101) / 100  # exact k/100 (pycocotools' linspace gives 0.35000000000000003)
    inds = np.searchsorted(rc, rec_thrs, side="left")
    q = [pr[i] if i < len(pr) else 0.0 for i in inds]
    return float(np.mean(q))


def jitter(box, amount):
    x, y, w, h = box
    return [x + rng.normal(0, amount * w), y + rng.normal(0, amount * h), max(1.0, w * rng.uniform(1 - amount, 1 + amount)), max(1.0, h * rng.uniform(1 - amount, 1 + amount))]


map_cases = []
thresholds = [round(0.4 + 0.05 * i, 2) for i in range(8)]
for i in range(6):
    n_img = int(rng.integers(3, 10))
    n_cls = 1 if i < 3 else 3
    images = []
    for _ in range(n_img):
        gts = []
        for _ in range(int(rng.integers(0, 4))):
            gts.append(([float(rng.uniform(0, 200)), float(rng.uniform(0, 200)), float(rng.uniform(10, 80)), float(rng.uniform(10, 80))], int(rng.integers(0, n_cls))))
        dets = []
        for b, l in gts:
            for _ in range(int(rng.integers(0, 3))):  # duplicates become false positives
                dets.append((jitter(b, rng.uniform(0.02, 0.35)), float(np.round(rng.uniform(0, 1), 1 if i % 2 else 3)), l))
        for _ in range(int(rng.integers(0, 3))):  # spurious boxes
            dets.append(([float(rng.uniform(0, 200)), float(rng.uniform(0, 200)), float(rng.uniform(10, 60)), float(rng.uniform(10, 60))], float(np.round(rng.uniform(0, 1), 1 if i % 2 else 3)), int(rng.integers(0, n_cls))))
        images.append((dets, gts))
    labels = sorted({l for dets, _ in images for *_, l in dets} | {l for _, gts in images for _, l in gts})
    table = np.array([[coco_ap(images, l, t) for l in labels] for t in thresholds])
    per_thr = [np.nanmean(r) if np.any(~np.isnan(r)) else np.nan for r in table]
    per_cls = [np.nanmean(table[:, j]) if np.any(~np.isnan(table[:, j])) else np.nan for j in range(len(labels))]
    map_cases.append({
        "name": f"boxes {n_img} images {n_cls} classes ({'coarse' if i % 2 else 'fine'} scores)",
        "cases": [{"predictions": [{"x": b[0], "y": b[1], "width": b[2], "height": b[3], "score": s, "label": l} for b, s, l in dets],
                   "truths": [{"x": b[0], "y": b[1], "width": b[2], "height": b[3], "label": l} for b, l in gts]} for dets, gts in images],
        "map": num(np.nanmean(per_thr)),
        "perThreshold": [{"iou": t, "ap": num(a)} for t, a in zip(thresholds, per_thr)],
        "perClass": [{"label": l, "ap": num(a)} for l, a in zip(labels, per_cls)],
    })

# ---------------------------------------------------------------- bootstrap: given resamples, AUROC + percentiles
bootstrap_cases = []
for i in range(2):
    n = 30
    y = (rng.random(n) < 0.2).astype(int)
    y[:2] = [0, 1]
    s = np.round(y + rng.standard_normal(n), 1)
    idx = rng.integers(0, n, (200, n))
    stats = [roc_auc_score(y[r], s[r]) if len(np.unique(y[r])) == 2 else np.nan for r in idx]
    kept = np.array([v for v in stats if not np.isnan(v)])
    bootstrap_cases.append({"name": f"auroc bootstrap {i}", "labels": y.tolist(), "scores": s.tolist(), "indices": idx.tolist(),
                            "level": 0.95 if i == 0 else 0.9,
                            "lower": float(np.percentile(kept, 2.5 if i == 0 else 5)),
                            "upper": float(np.percentile(kept, 97.5 if i == 0 else 95)),
                            "dropped": int(len(stats) - len(kept))})
percentile_cases = []
for n in (1, 2, 7, 50):
    v = rng.standard_normal(n).round(2)
    percentile_cases.append({"values": v.tolist(), "q": [0, 0.025, 0.1, 0.5, 0.9, 0.975, 1],
                             "expected": [float(np.percentile(v, 100 * q)) for q in (0, 0.025, 0.1, 0.5, 0.9, 0.975, 1)]})

out = {
    "generator": f"scripts/metric_fixtures.py (scikit-learn {sklearn.__version__}, numpy {np.__version__})",
    "auroc": auroc_cases,
    "multilabel": multilabel_cases,
    "classification": classification_cases,
    "retrieval": retrieval_cases,
    "masks": mask_cases,
    "map": map_cases,
    "bootstrap": bootstrap_cases,
    "percentile": percentile_cases,
}
path = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "metrics.json")
with open(path, "w") as f:
    json.dump(out, f, separators=(",", ":"))
print("wrote", os.path.normpath(path), sum(len(v) for v in out.values() if isinstance(v, list)), "cases")
