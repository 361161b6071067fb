"""Ten optimiser steps from fixed gradient sequences, from PyTorch 1.13 in float64.

Run with Debian's python3 (python3-torch):
    /usr/bin/python3 scripts/optim_fixtures.py > test/fixtures/optim/optim.json
Each case: the optimiser and its options (as the TypeScript API spells them), parameter
groups, initial values, the gradient fed at each step, and every parameter after each
step. Also clip_grad_norm_ results and learning-rate sequences of the schedulers.
"""
import json

import torch

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)
STEPS = 10
SHAPES = [(3, 4), (5,)]

TORCH_NAMES = {"weightDecay": "weight_decay"}


def torch_opts(opts):
    return {TORCH_NAMES.get(k, k): (tuple(v) if isinstance(v, list) else v) for k, v in opts.items()}


def run(name, cls, groups, lr_schedule=None):
    """groups: list of (option overrides, count of parameters) — the first group's
    options are the defaults."""
    params = [torch.randn(*SHAPES[i % 2]) for i in range(sum(n for _, n in groups))]
    grads = [[torch.randn(*p.shape) * 0.5 for p in params] for _ in range(STEPS)]
    leaves = [p.clone().requires_grad_(True) for p in params]
    torch_groups, k = [], 0
    for opts, n in groups:
        torch_groups.append({"params": leaves[k:k + n], **torch_opts(opts)})
        k += n
    opt = cls(torch_groups)
    sched = lr_schedule(opt) if lr_schedule else None
    values = []
    for s in range(STEPS):
        for p, g in zip(leaves, grads[s]):
            p.grad = g.clone()
        opt.step()
        if sched:
            sched.step()
        values.append([p.detach().flatten().tolist() for p in leaves])
    return {
        "name": name,
        "optimizer": cls.__name__,
        "groups": [{"options": opts, "count": n} for opts, n in groups],
        "shapes": [list(p.shape) for p in params],
        "initial": [p.flatten().tolist() for p in params],
        "grads": [[g.flatten().tolist() for g in step] for step in grads],
        "values": values,
    }


O = torch.optim
cases = [
    run("SGD plain", O.SGD, [({"lr": 0.1}, 2)]),
    run("SGD momentum", O.SGD, [({"lr": 0.05, "momentum": 0.9}, 2)]),
    run("SGD momentum dampening weight decay", O.SGD, [({"lr": 0.05, "momentum": 0.8, "dampening": 0.1, "weightDecay": 0.05}, 2)]),
    run("SGD Nesterov weight decay", O.SGD, [({"lr": 0.05, "momentum": 0.9, "nesterov": True, "weightDecay": 0.01}, 2)]),
    run("SGD maximize", O.SGD, [({"lr": 0.05, "momentum": 0.5, "maximize": True}, 2)]),
    run("AdamW", O.AdamW, [({"lr": 0.01}, 2)]),
    run("AdamW weight decay betas eps", O.AdamW, [({"lr": 0.02, "betas": [0.8, 0.99], "eps": 1e-6, "weightDecay": 0.1}, 2)]),
    run("AdamW amsgrad", O.AdamW, [({"lr": 0.01, "amsgrad": True}, 2)]),
    run("AdamW parameter groups", O.AdamW, [({"lr": 0.01, "weightDecay": 0.05}, 2), ({"lr": 0.03, "weightDecay": 0.0}, 1)]),
    run("Adam", O.Adam, [({"lr": 0.01}, 2)]),
    run("Adam weight decay", O.Adam, [({"lr": 0.01, "weightDecay": 0.1}, 2)]),
    run("SGD momentum StepLR", O.SGD, [({"lr": 0.1, "momentum": 0.9}, 2)], lambda o: O.lr_scheduler.StepLR(o, step_size=3, gamma=0.5)),
]

# clip_grad_norm_ over two gradients, for several norms.
clip = []
for norm_type, max_norm in [(2.0, 1.0), (2.0, 100.0), (float("inf"), 0.5), (1.0, 2.0), (3.0, 0.7)]:
    ps = [torch.randn(3, 4, requires_grad=True), torch.randn(5, requires_grad=True)]
    grads = [torch.randn(3, 4), torch.randn(5)]
    for p, g in zip(ps, grads):
        p.grad = g.clone()
    total = torch.nn.utils.clip_grad_norm_(ps, max_norm, norm_type=norm_type)
    clip.append({
        "normType": "inf" if norm_type == float("inf") else norm_type, "maxNorm": max_norm,
        "shapes": [list(g.shape) for g in grads], "grads": [g.flatten().tolist() for g in grads],
        "total": total.item(), "clipped": [p.grad.flatten().tolist() for p in ps],
    })


# Learning rates of the PyTorch schedulers after 0..11 steps.
def lrs(make, steps=12):
    opt = O.SGD([torch.zeros(1, requires_grad=True)], lr=0.5)
    sched = make(opt)
    out = [opt.param_groups[0]["lr"]]
    for _ in range(steps):
        opt.step()
        sched.step()
        out.append(opt.param_groups[0]["lr"])
    return out


S = O.lr_scheduler
schedules = [
    {"name": "StepLR", "options": {"stepSize": 3, "gamma": 0.5}, "lrs": lrs(lambda o: S.StepLR(o, step_size=3, gamma=0.5))},
    {"name": "StepLR default gamma", "options": {"stepSize": 4}, "lrs": lrs(lambda o: S.StepLR(o, step_size=4))},
    {"name": "ConstantLR", "options": {}, "lrs": lrs(lambda o: S.ConstantLR(o))},
    {"name": "ConstantLR factor", "options": {"factor": 0.5, "totalIters": 3}, "lrs": lrs(lambda o: S.ConstantLR(o, factor=0.5, total_iters=3))},
]

print(json.dumps({"torch": torch.__version__, "cases": cases, "clip": clip, "schedules": schedules}))
