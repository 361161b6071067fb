"""Reference values and input gradients of the fused ops, from PyTorch (float64).

Run with Debian's python3 (python3-torch 1.13):
    /usr/bin/python3 scripts/fused-fixtures.py > test/fixtures/fused.json
Each case: inputs, options, the output, and the gradient of sum(output * seed) with
respect to each floating-point input.
"""
import json
import torch
import torch.nn.functional as F

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)


def rand(*shape):
    return torch.randn(*shape)


def case(name, inputs, fn, opts=None):
    leaves = [x.clone().requires_grad_(x.is_floating_point()) for x in inputs]
    out = fn(*leaves)
    seed = torch.linspace(-1, 1, out.numel()).reshape(out.shape) if out.numel() > 1 else torch.ones(out.shape)
    (out * seed).sum().backward()
    return {
        "name": name,
        "opts": opts or {},
        "inputs": [{"shape": list(x.shape), "dtype": "int32" if not x.is_floating_point() else ("bool" if x.dtype == torch.bool else "float64"), "values": x.flatten().tolist()} for x in inputs],
        "output": {"shape": list(out.shape), "values": out.detach().flatten().tolist()},
        "seed": seed.flatten().tolist(),
        "grads": [x.grad.flatten().tolist() if x.grad is not None else None for x in leaves],
    }


cases = []
logits, target = rand(4, 5), torch.tensor([1, -100, 4, 0])
for red in ["mean", "sum", "none"]:
    cases.append(case(f"crossEntropy {red}", [logits, target], lambda z, t, red=red: F.cross_entropy(z, t, ignore_index=-100, label_smoothing=0.2, reduction=red), {"ignoreIndex": -100, "labelSmoothing": 0.2, "reduction": red}))
z3, t3 = rand(2, 3, 2), torch.tensor([[0, 2], [1, 1]])
cases.append(case("crossEntropy NCL", [z3, t3], lambda z, t: F.cross_entropy(z, t), {"reduction": "mean"}))
cases.append(case("layerNorm", [rand(3, 2, 4), rand(2, 4), rand(2, 4)], lambda x, w, b: F.layer_norm(x, [2, 4], w, b, 1e-5), {"normalizedShape": [2, 4]}))

x, w, b = rand(3, 2, 2, 2), rand(2), rand(2)
rm, rv = torch.tensor([0.1, -0.2]), torch.tensor([0.9, 1.3])
rm_t, rv_t = rm.clone(), rv.clone()
c = case("batchNorm training", [x, w, b], lambda x, w, b: F.batch_norm(x, rm_t, rv_t, w, b, training=True, momentum=0.1, eps=1e-5))
c["runningMean"], c["runningVar"], c["statsIn"] = rm_t.tolist(), rv_t.tolist(), [rm.tolist(), rv.tolist()]
cases.append(c)
c = case("batchNorm inference", [x, w, b], lambda x, w, b: F.batch_norm(x, rm, rv, w, b, training=False, eps=1e-5))
c["statsIn"] = [rm.tolist(), rv.tolist()]
cases.append(c)

q, k, v = rand(2, 3, 4), rand(2, 5, 4), rand(2, 5, 2)
additive = rand(3, 5)
boolmask = torch.rand(3, 5) > 0.4
boolmask[:, 0] = True
cases.append(case("attention additive", [q, k, v, additive], lambda q, k, v, m: F.scaled_dot_product_attention(q, k, v, attn_mask=m) if hasattr(F, "scaled_dot_product_attention") else torch.softmax(q @ k.transpose(-1, -2) / 2 + m, -1) @ v))
cases.append(case("attention bool", [q, k, v, boolmask], lambda q, k, v, m: torch.softmax((q @ k.transpose(-1, -2) / 2).masked_fill(~m, float("-inf")), -1) @ v))
causal = torch.ones(3, 5).tril().bool()
cases.append(case("attention causal", [q, k, v], lambda q, k, v: torch.softmax((q @ k.transpose(-1, -2) / 2).masked_fill(~causal, float("-inf")), -1) @ v))
cases.append(case("cosineSimilarity", [rand(3, 4), rand(4)], lambda a, b: F.cosine_similarity(a, b, dim=-1)))
cases.append(case("l2Normalize", [rand(3, 4)], lambda x: F.normalize(x, dim=0)))
cases.append(case("gelu", [rand(7)], lambda x: F.gelu(x)))
cases.append(case("softmax", [rand(3, 4)], lambda x: torch.softmax(x, 0)))
cases.append(case("logSoftmax", [rand(3, 4)], lambda x: torch.log_softmax(x, 1)))

# bool inputs are recorded as bool, not int32
for c in cases:
    for inp in c["inputs"]:
        if inp["dtype"] == "int32" and all(v in (True, False) for v in inp["values"]) and isinstance(inp["values"][0], bool):
            inp["dtype"] = "bool"
            inp["values"] = [int(v) for v in inp["values"]]

print(json.dumps({"torch": torch.__version__, "cases": cases}))
