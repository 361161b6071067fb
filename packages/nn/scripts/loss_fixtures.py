"""Reference values and gradients of the losses, from PyTorch 1.13 in float64.

Run with Debian's python3 (python3-torch):
    /usr/bin/python3 scripts/loss_fixtures.py > test/fixtures/losses/losses.json
Each case: named inputs, options (as the TypeScript API spells them), the output, and the
gradient of sum(output * seed) with respect to every floating-point input marked `grad`.
"""
import json
import math

import torch
import torch.nn.functional as F

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)


def spec(name, t, grad=False):
    dtype = "float64" if t.is_floating_point() else ("bool" if t.dtype == torch.bool else "int32")
    return {"name": name, "shape": list(t.shape), "dtype": dtype, "values": t.flatten().tolist(), "grad": grad}


def case(name, fn, inputs, opts, torch_fn):
    """inputs: list of (name, tensor, wants_grad)."""
    leaves = [t.clone().requires_grad_(g) for _, t, g in inputs]
    out = torch_fn(*leaves)
    seed = torch.linspace(-1, 1, out.numel()).reshape(out.shape) if out.numel() > 1 else torch.ones(out.shape)
    (out * seed).sum().backward()
    return {
        "name": name,
        "fn": fn,
        "opts": opts,
        "inputs": [spec(n, t, g) for n, t, g in inputs],
        "output": {"shape": list(out.shape), "values": out.detach().flatten().tolist()},
        "seed": seed.flatten().tolist(),
        "grads": {n: leaf.grad.flatten().tolist() for (n, _, g), leaf in zip(inputs, leaves) if g},
    }


cases = []
REDS = ["mean", "sum", "none"]

# crossEntropy: class indices (fused path), with weights (composed path), probabilities.
z = torch.randn(4, 5)
t = torch.tensor([1, -100, 4, 0])
w = torch.rand(5) + 0.5
for red in REDS:
    cases.append(case(f"crossEntropy indices ls {red}", "crossEntropy", [("input", z, True), ("target", t, False)],
                      {"labelSmoothing": 0.1, "reduction": red}, lambda z, t, red=red: F.cross_entropy(z, t, label_smoothing=0.1, reduction=red)))
    cases.append(case(f"crossEntropy weighted ls {red}", "crossEntropy", [("input", z, True), ("target", t, False), ("weight", w, False)],
                      {"labelSmoothing": 0.2, "reduction": red}, lambda z, t, w, red=red: F.cross_entropy(z, t, weight=w, label_smoothing=0.2, reduction=red)))
cases.append(case("crossEntropy weighted", "crossEntropy", [("input", z, True), ("target", torch.tensor([1, 3, 4, 0]), False), ("weight", w, False)],
                  {}, lambda z, t, w: F.cross_entropy(z, t, weight=w)))
cases.append(case("crossEntropy ignoreIndex 2", "crossEntropy", [("input", z, True), ("target", torch.tensor([2, 3, 2, 0]), False), ("weight", w, False)],
                  {"ignoreIndex": 2}, lambda z, t, w: F.cross_entropy(z, t, weight=w, ignore_index=2)))
z4 = torch.randn(2, 3, 2, 2)
t4 = torch.tensor([[[0, 2], [1, 1]], [[2, -100], [0, 1]]])
w3 = torch.tensor([0.3, 1.0, 2.0])
cases.append(case("crossEntropy NCHW weighted", "crossEntropy", [("input", z4, True), ("target", t4, False), ("weight", w3, False)],
                  {"labelSmoothing": 0.05}, lambda z, t, w: F.cross_entropy(z, t, weight=w, label_smoothing=0.05)))
cases.append(case("crossEntropy NCHW", "crossEntropy", [("input", z4, True), ("target", t4, False)],
                  {"reduction": "none"}, lambda z, t: F.cross_entropy(z, t, reduction="none")))
cases.append(case("crossEntropy unbatched", "crossEntropy", [("input", torch.randn(5), True), ("target", torch.tensor(3), False)],
                  {}, lambda z, t: F.cross_entropy(z, t)))
p = torch.softmax(torch.randn(4, 5), 1)
for red in REDS:
    cases.append(case(f"crossEntropy probabilities {red}", "crossEntropy", [("input", z, True), ("target", p, True), ("weight", w, False)],
                      {"labelSmoothing": 0.1, "reduction": red}, lambda z, p, w, red=red: F.cross_entropy(z, p, weight=w, label_smoothing=0.1, reduction=red)))
p4 = torch.softmax(torch.randn(2, 3, 2, 2), 1)
cases.append(case("crossEntropy probabilities NCHW", "crossEntropy", [("input", z4, True), ("target", p4, True)],
                  {}, lambda z, p: F.cross_entropy(z, p)))

# binaryCrossEntropyWithLogits: exact zeros in the input check the gradient at the kink of |x|.
x = torch.randn(3, 4) * 3
x[0, 1] = 0.0
x[2, 3] = 0.0
y = torch.rand(3, 4)
y[1] = torch.tensor([0.0, 1.0, 1.0, 0.0])
bw = torch.rand(3, 4) + 0.5
pw = torch.tensor([0.5, 1.0, 2.0, 3.0])
for red in REDS:
    cases.append(case(f"bceWithLogits {red}", "binaryCrossEntropyWithLogits", [("input", x, True), ("target", y, True)],
                      {"reduction": red}, lambda x, y, red=red: F.binary_cross_entropy_with_logits(x, y, reduction=red)))
    cases.append(case(f"bceWithLogits weight posWeight {red}", "binaryCrossEntropyWithLogits",
                      [("input", x, True), ("target", y, True), ("weight", bw, False), ("posWeight", pw, False)],
                      {"reduction": red}, lambda x, y, bw, pw, red=red: F.binary_cross_entropy_with_logits(x, y, weight=bw, pos_weight=pw, reduction=red)))

# Regression losses: equal entries check the kink of |d|.
a = torch.randn(3, 4) * 2
b = torch.randn(3, 4)
b[0, 0] = a[0, 0]
b[1, 2] = a[1, 2] + 0.5  # exactly at beta = 0.5
for red in REDS:
    cases.append(case(f"mse {red}", "mse", [("input", a, True), ("target", b, True)], {"reduction": red}, lambda a, b, red=red: F.mse_loss(a, b, reduction=red)))
    cases.append(case(f"l1 {red}", "l1", [("input", a, True), ("target", b, True)], {"reduction": red}, lambda a, b, red=red: F.l1_loss(a, b, reduction=red)))
for beta in [1.0, 0.5, 0.0]:
    for red in REDS:
        cases.append(case(f"smoothL1 beta {beta} {red}", "smoothL1", [("input", a, True), ("target", b, True)], {"beta": beta, "reduction": red},
                          lambda a, b, red=red, beta=beta: F.smooth_l1_loss(a, b, beta=beta, reduction=red)))

# klDiv: target probabilities with zeros; log targets.
li = torch.log_softmax(torch.randn(3, 4), 1)
pt = torch.softmax(torch.randn(3, 4), 1)
pt[0, 2] = 0.0
lt = torch.log_softmax(torch.randn(3, 4), 1)
for red in ["mean", "sum", "none", "batchmean"]:
    cases.append(case(f"klDiv {red}", "klDiv", [("input", li, True), ("target", pt, False)], {"reduction": red},
                      lambda i, t, red=red: F.kl_div(i, t, reduction=red)))
    cases.append(case(f"klDiv logTarget {red}", "klDiv", [("input", li, True), ("target", lt, True)], {"reduction": red, "logTarget": True},
                      lambda i, t, red=red: F.kl_div(i, t, reduction=red, log_target=True)))

# cosineEmbedding: both labels, a margin, and the unbatched form.
u = torch.randn(4, 5)
v = torch.randn(4, 5)
v[1] = u[1] * 0.7 + 0.1  # a similar pair with label -1: cos above the margin
lab = torch.tensor([1.0, -1.0, 1.0, -1.0])
for red in REDS:
    cases.append(case(f"cosineEmbedding {red}", "cosineEmbedding", [("input1", u, True), ("input2", v, True), ("target", lab, False)],
                      {"margin": 0.2, "reduction": red}, lambda u, v, y, red=red: F.cosine_embedding_loss(u, v, y, margin=0.2, reduction=red)))
cases.append(case("cosineEmbedding unbatched", "cosineEmbedding", [("input1", u[0], True), ("input2", v[0], True), ("target", torch.tensor(-1.0), False)],
                  {}, lambda u, v, y: F.cosine_embedding_loss(u, v, y)))


# Symmetric InfoNCE as CLIP computes it, with the learnable log-scale t.
def clip_loss(a, b, t, max_scale=None):
    a = a / a.norm(dim=-1, keepdim=True)
    b = b / b.norm(dim=-1, keepdim=True)
    tt = t.clamp(max=math.log(max_scale)) if max_scale else t
    logits = tt.exp() * a @ b.t()
    labels = torch.arange(a.shape[0])
    return (F.cross_entropy(logits, labels) + F.cross_entropy(logits.t(), labels)) / 2


ea = torch.randn(4, 3)
eb = torch.randn(4, 3)
cases.append(case("infoNce", "infoNce", [("a", ea, True), ("b", eb, True), ("t", torch.tensor(math.log(1 / 0.07)), True)], {},
                  lambda a, b, t: clip_loss(a, b, t)))
cases.append(case("infoNce maxScale", "infoNce", [("a", ea, True), ("b", eb, True), ("t", torch.tensor(math.log(150.0)), True)], {"maxScale": 100},
                  lambda a, b, t: clip_loss(a, b, t, 100)))

print(json.dumps({"torch": torch.__version__, "cases": cases}))
