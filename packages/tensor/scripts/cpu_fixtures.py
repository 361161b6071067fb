"""Reference values for the CPU backend's conv/pool/upsample kernels, from PyTorch.

Run with Debian's python3 (PyTorch 1.13):
    /usr/bin/python3 packages/tensor/scripts/cpu_fixtures.py
Writes packages/tensor/test/fixtures/cpu-{conv,pool,upsample}.json. Tensors are stored
as {"shape": [...], "data": [...]} in float64 (NaN/±Infinity as strings); gradients
are torch.autograd results for the stored upstream gradient `dy`.
"""
import json
import math
import os

import torch
import torch.nn.functional as F

torch.manual_seed(1234)
OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures')


def enc(t):
    def num(v):
        if math.isnan(v):
            return 'NaN'
        if math.isinf(v):
            return 'Infinity' if v > 0 else '-Infinity'
        return v
    t = t.detach().to(torch.float64) if t.dtype.is_floating_point else t.detach()
    return {'shape': list(t.shape), 'data': [num(float(v)) for v in t.reshape(-1).tolist()]}


def rand(*shape):
    return torch.randn(*shape, dtype=torch.float64)


def write(name, cases):
    with open(os.path.join(OUT, name), 'w') as f:
        json.dump({'generator': 'scripts/cpu_fixtures.py', 'torch': torch.__version__, 'cases': cases}, f)
        f.write('\n')


def conv_cases():
    specs = [
        # name, x shape, w shape, stride, padding, dilation, groups, bias
        ('plain 3x3 pad 1', (1, 3, 5, 5), (4, 3, 3, 3), (1, 1), (1, 1), (1, 1), 1, False),
        ('stride/pad/dilation/groups', (2, 4, 7, 6), (6, 2, 3, 2), (2, 1), (1, 2), (2, 1), 2, True),
        ('depthwise dilated stride 2', (2, 6, 9, 8), (6, 1, 3, 3), (2, 2), (0, 0), (2, 2), 6, True),
        ('stride 3 leaves inputs unused', (1, 2, 8, 7), (3, 2, 2, 2), (3, 3), (2, 0), (1, 1), 1, False),
        ('1x1 groups 3', (2, 6, 4, 3), (9, 2, 1, 1), (1, 2), (0, 1), (1, 1), 3, True),
    ]
    cases = []
    for name, xs, ws, s, p, d, g, has_b in specs:
        x = rand(*xs).requires_grad_()
        w = rand(*ws).requires_grad_()
        b = rand(ws[0]) if has_b else None
        y = F.conv2d(x, w, b, stride=s, padding=p, dilation=d, groups=g)
        dy = rand(*y.shape)
        y.backward(dy)
        cases.append({
            'name': name, 'stride': list(s), 'padding': list(p), 'dilation': list(d), 'groups': g,
            'x': enc(x), 'w': enc(w), 'bias': enc(b) if b is not None else None,
            'y': enc(y), 'dy': enc(dy), 'dx': enc(x.grad), 'dw': enc(w.grad),
        })
    return cases


def pool_cases():
    cases = []
    max_specs = [
        # name, x, kernel, stride, padding, dilation, ceil
        ('max basic', rand(2, 3, 7, 8), (3, 2), (2, 2), (1, 1), (1, 2), False),
        ('max ceil mode', rand(1, 2, 6, 7), (3, 3), (2, 2), (1, 1), (1, 1), True),
        ('max ceil no pad overhang', rand(1, 1, 6, 6), (3, 3), (2, 2), (0, 0), (1, 1), True),
        ('max ties first wins', torch.randint(0, 3, (1, 2, 6, 6)).to(torch.float64), (2, 3), (1, 2), (1, 1), (1, 1), False),
        ('max dilation 2 stride 1', rand(1, 2, 7, 7), (2, 3), (1, 1), (1, 1), (2, 2), True),
    ]
    special = rand(1, 1, 5, 5)
    special[0, 0, 0:2, 0:2] = -math.inf
    special[0, 0, 3, 1] = math.nan
    special[0, 0, 2, 2] = math.nan
    special[0, 0, 3, 3] = math.nan
    special[0, 0, 4, 4] = math.nan
    max_specs.append(('max -inf and NaN', special, (2, 2), (2, 2), (0, 0), (1, 1), True))
    for name, x, k, s, p, d, ceil in max_specs:
        x = x.clone().requires_grad_()
        y, idx = F.max_pool2d(x, k, s, p, d, ceil_mode=ceil, return_indices=True)
        dy = rand(*y.shape)
        if not name.endswith('NaN'):
            y.backward(dy)
        cases.append({
            'name': name, 'op': 'max', 'kernel': list(k), 'stride': list(s), 'padding': list(p), 'dilation': list(d),
            'ceilMode': ceil, 'countIncludePad': True, 'x': enc(x), 'y': enc(y), 'indices': enc(idx),
            'dy': enc(dy), 'dx': enc(x.grad) if x.grad is not None else None,
        })
    avg_specs = [
        ('avg basic', (2, 2, 7, 6), (3, 3), (2, 2), (1, 1), False),
        ('avg ceil pad', (1, 2, 6, 7), (3, 3), (2, 2), (1, 1), True),
        ('avg ceil no pad overhang', (1, 1, 6, 6), (3, 3), (2, 2), (0, 0), True),
        ('avg rect stride 1', (1, 1, 5, 4), (2, 3), (1, 1), (1, 1), False),
    ]
    for name, xs, k, s, p, ceil in avg_specs:
        for cip in (True, False):
            x = rand(*xs).requires_grad_()
            y = F.avg_pool2d(x, k, s, p, ceil_mode=ceil, count_include_pad=cip)
            dy = rand(*y.shape)
            y.backward(dy)
            cases.append({
                'name': f'{name} countIncludePad={cip}', 'op': 'avg', 'kernel': list(k), 'stride': list(s),
                'padding': list(p), 'dilation': [1, 1], 'ceilMode': ceil, 'countIncludePad': cip,
                'x': enc(x), 'y': enc(y), 'dy': enc(dy), 'dx': enc(x.grad),
            })
    for xs, out in [((2, 3, 7, 5), (3, 4)), ((1, 2, 5, 9), (5, 2)), ((1, 1, 4, 4), (1, 1))]:
        x = rand(*xs).requires_grad_()
        y = F.adaptive_avg_pool2d(x, out)
        dy = rand(*y.shape)
        y.backward(dy)
        cases.append({'name': f'adaptive {xs} -> {out}', 'op': 'adaptive', 'outHW': list(out),
                      'x': enc(x), 'y': enc(y), 'dy': enc(dy), 'dx': enc(x.grad)})
    return cases


def upsample_cases():
    cases = []
    specs = [((1, 2, 3, 5), (9, 7)), ((2, 1, 7, 3), (3, 8)), ((1, 1, 4, 5), (8, 10)), ((1, 2, 6, 7), (4, 3)),
             ((1, 1, 3, 4), (1, 1)), ((1, 1, 5, 5), (5, 5)), ((1, 1, 10, 5), (6, 3))]
    for xs, out in specs:
        for mode, ac in [('nearest', False), ('bilinear', True), ('bilinear', False)]:
            x = rand(*xs).requires_grad_()
            y = F.interpolate(x, size=out, mode=mode, align_corners=ac if mode == 'bilinear' else None)
            dy = rand(*y.shape)
            y.backward(dy)
            case = {'name': f'{mode} alignCorners={ac} {xs} -> {out}', 'mode': mode, 'alignCorners': ac,
                    'outHW': list(out), 'x': enc(x), 'y': enc(y), 'dy': enc(dy), 'dx': enc(x.grad)}
            if mode == 'nearest':
                # float32 picks its source indices with float32 scales.
                x32 = x.detach().float()
                case['y32'] = enc(F.interpolate(x32, size=out, mode='nearest'))
            cases.append(case)
    return cases


if __name__ == '__main__':
    write('cpu-conv.json', conv_cases())
    write('cpu-pool.json', pool_cases())
    write('cpu-upsample.json', upsample_cases())
