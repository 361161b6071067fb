#!/usr/bin/python3
"""Layer parity fixtures from PyTorch 1.13 (Debian's python3-torch), float32.

Run from packages/nn:  /usr/bin/python3 scripts/layer_fixtures.py

Every input and every state-dict entry is a formula, not stored numbers:
value[i] = offset + scale * (2u - 1) with u = fmix32((i + seed * GOLDEN) mod 2^32) / 2^32
(MurmurHash3's finaliser: exact integer arithmetic), rounded to float32; the tests
evaluate the same formula, so the fixtures stay small. (A smooth formula such as a
sinusoid would not do: convolutions map plane waves to plane waves, and every
channel of a deep network would end up nearly the same.) Each case records the module's state-dict keys with their formula specs,
the outputs, and the gradients of L = sum_k sum(out_k * R_k) (R_k formula tensors)
with respect to the inputs and every parameter. Small tensors are stored whole;
large ones as summary statistics plus values at evenly spaced positions
(floor(k * n / SAMPLES)).

No torchvision or HuggingFace transformers here: ResNet and BertModel are written
below in plain torch, with their libraries' module names and math.
"""
import json
import math
import os

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

GOLDEN = 0x9E3779B9
M32 = 0xFFFFFFFF
OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'layers')
FULL_LIMIT = 1024  # tensors up to this size are stored whole
SAMPLES = 96  # positions floor(k * n / SAMPLES), k = 0..SAMPLES-1

torch.set_num_threads(2)


def fmix32(h):
    h = h ^ (h >> 16)
    h = (h * 0x85EBCA6B) & M32
    h = h ^ (h >> 13)
    h = (h * 0xC2B2AE35) & M32
    return h ^ (h >> 16)


def formula(shape, seed, scale=1.0, offset=0.0):
    n = int(np.prod(shape)) if len(shape) else 1
    key = (np.arange(n, dtype=np.uint64) + np.uint64((seed * GOLDEN) & M32)) & np.uint64(M32)
    u = fmix32(key).astype(np.float64) / 2.0 ** 32
    v = offset + scale * (2.0 * u - 1.0)
    return torch.from_numpy(v.astype(np.float32).reshape(shape))


def r8(values):
    return [float('%.8g' % v) for v in values]


def pack(t):
    a = t.detach().double().reshape(-1).numpy()
    shape = list(t.shape)
    if a.size <= FULL_LIMIT:
        return {'shape': shape, 'values': r8(a)}
    idx = [(k * a.size) // SAMPLES for k in range(SAMPLES)]
    return {
        'shape': shape,
        'sum': float(a.sum()),
        'absSum': float(np.abs(a).sum()),
        'sqSum': float((a * a).sum()),
        'values': r8(a[idx]),
    }


def spec_for(key, t, k):
    """A formula spec per state entry: norm weights near 1, variances positive."""
    seed = 101 + 7 * k
    leaf = key.rsplit('.', 1)[-1]
    if leaf == 'running_var':
        return {'seed': seed, 'scale': 0.2, 'offset': 1.0}
    if leaf == 'running_mean':
        return {'seed': seed, 'scale': 0.1, 'offset': 0.0}
    if t.dim() == 1 and (leaf == 'weight'):
        return {'seed': seed, 'scale': 0.1, 'offset': 1.0}
    if t.dim() == 1:
        return {'seed': seed, 'scale': 0.1, 'offset': 0.0}
    fan_in = int(np.prod(t.shape[1:]))
    if 'embedding' in key or key == 'weight' and t.dim() == 2 and fan_in == 1:
        return {'seed': seed, 'scale': 1.0, 'offset': 0.0}
    return {'seed': seed, 'scale': round(math.sqrt(3.0 / fan_in), 8), 'offset': 0.0}


def set_state(module, base=0):
    """Fills the state dict from formulas; returns {key: spec or int value}."""
    specs = {}
    sd = module.state_dict()
    new = {}
    for k, (key, t) in enumerate(sd.items()):
        if not t.is_floating_point():
            specs[key] = {'int': int(t.item()), 'shape': list(t.shape)}
            new[key] = t.clone()
            continue
        s = spec_for(key, t, k + base)
        specs[key] = dict(s, shape=list(t.shape))
        new[key] = formula(list(t.shape), s['seed'], s['scale'], s['offset'])
    module.load_state_dict(new)
    return specs


def input_spec(shape, seed, scale=1.0, offset=0.0):
    return {'shape': list(shape), 'seed': seed, 'scale': scale, 'offset': offset}


def make_input(spec):
    t = formula(spec['shape'], spec['seed'], spec['scale'], spec['offset'])
    return t.requires_grad_(True)


def run_case(name, module, inputs, forward, config, extra=None, train=False):
    """inputs: {name: spec (float, differentiable) or raw tensor (int/bool/mask)}."""
    state = set_state(module)
    module.train(train)
    tensors = {}
    stored_inputs = {}
    for k, v in inputs.items():
        if isinstance(v, dict):
            tensors[k] = make_input(v)
            stored_inputs[k] = v
        else:
            tensors[k] = v
            stored_inputs[k] = {'shape': list(v.shape), 'dtype': str(v.dtype).replace('torch.', ''),
                                'values': r8(v.reshape(-1).double().tolist()) if v.is_floating_point() else [int(x) for x in v.reshape(-1).tolist()]}
    outs = forward(module, tensors)
    if not isinstance(outs, (tuple, list)):
        outs = (outs,)
    loss = 0
    rseeds = []
    for i, o in enumerate(outs):
        seed = 9001 + 13 * i
        rseeds.append(seed)
        loss = loss + (o * formula(list(o.shape), seed)).sum()
    loss.backward()
    grads = {}
    for k, t in tensors.items():
        if t.is_floating_point() and t.requires_grad:
            grads['input.' + k] = pack(t.grad)
    for k, p in module.named_parameters():
        grads[k] = pack(p.grad) if p.grad is not None else None
    case = {
        'name': name,
        'config': config,
        'train': train,
        'state': state,
        'inputs': stored_inputs,
        'outputs': [pack(o) for o in outs],
        'rSeeds': rseeds,
        'grads': grads,
    }
    if extra:
        case.update(extra(module))
    print(f'  {name}: loss {loss.item():.6g}')
    return case


def buffers_after(module):
    return {'buffersAfter': {k: (pack(b) if b.is_floating_point() else {'int': int(b.item())}) for k, b in module.named_buffers()}}


# ---------------------------------------------------------------- basic layers

def layer_cases():
    cases = []
    cases.append(run_case('linear', nn.Linear(7, 5), {'x': input_spec([2, 3, 7], 1)},
                          lambda m, t: m(t['x']), {'in': 7, 'out': 5}))
    conv_cfgs = [
        ('conv2d-stride2-pad1', dict(in_channels=3, out_channels=4, kernel_size=3, stride=2, padding=1), [2, 3, 9, 8]),
        ('conv2d-dilation2-groups2', dict(in_channels=4, out_channels=6, kernel_size=3, stride=1, padding=2, dilation=2, groups=2), [2, 4, 7, 7]),
        ('conv2d-rect-nobias', dict(in_channels=2, out_channels=3, kernel_size=(3, 2), stride=(1, 2), padding=(1, 0), bias=False), [1, 2, 6, 7]),
        ('conv2d-same-even-kernel', dict(in_channels=2, out_channels=2, kernel_size=4, padding='same', dilation=1), [1, 2, 6, 5]),
        ('conv2d-depthwise', dict(in_channels=4, out_channels=4, kernel_size=3, padding=1, groups=4), [2, 4, 5, 5]),
    ]
    for name, cfg, shape in conv_cfgs:
        cases.append(run_case(name, nn.Conv2d(**cfg), {'x': input_spec(shape, 2)}, lambda m, t: m(t['x']), cfg))
    ct_cfgs = [
        ('convtranspose2d-stride2-outpad', dict(in_channels=4, out_channels=6, kernel_size=3, stride=2, padding=1, output_padding=1, groups=2), [2, 4, 4, 5]),
        ('convtranspose2d-dilation', dict(in_channels=3, out_channels=2, kernel_size=2, stride=1, padding=0, dilation=2), [1, 3, 4, 4]),
    ]
    for name, cfg, shape in ct_cfgs:
        cases.append(run_case(name, nn.ConvTranspose2d(**cfg), {'x': input_spec(shape, 3)}, lambda m, t: m(t['x']), cfg))

    for train in (True, False):
        mode = 'train' if train else 'eval'
        cases.append(run_case(f'batchnorm2d-{mode}', nn.BatchNorm2d(3), {'x': input_spec([4, 3, 3, 5], 4, 2.0, 0.5)},
                              lambda m, t: m(t['x']), {'numFeatures': 3}, buffers_after, train=train))
    cases.append(run_case('batchnorm2d-train-momentum-none', nn.BatchNorm2d(2, momentum=None), {'x': input_spec([3, 2, 2, 3], 45, 1.5)},
                          lambda m, t: m(t['x']), {'numFeatures': 2, 'momentum': None}, buffers_after, train=True))
    cases.append(run_case('batchnorm1d-train-2d', nn.BatchNorm1d(4), {'x': input_spec([5, 4], 5, 1.0, 0.2)},
                          lambda m, t: m(t['x']), {'numFeatures': 4}, buffers_after, train=True))
    cases.append(run_case('batchnorm1d-eval-3d', nn.BatchNorm1d(3), {'x': input_spec([2, 3, 4], 55)},
                          lambda m, t: m(t['x']), {'numFeatures': 3}, buffers_after, train=False))
    cases.append(run_case('layernorm-last', nn.LayerNorm(8), {'x': input_spec([2, 3, 8], 6, 2.0, 0.3)},
                          lambda m, t: m(t['x']), {'normalizedShape': [8]}))
    cases.append(run_case('layernorm-2d-eps', nn.LayerNorm([3, 4], eps=1e-3), {'x': input_spec([2, 3, 4], 65)},
                          lambda m, t: m(t['x']), {'normalizedShape': [3, 4], 'eps': 1e-3}))
    cases.append(run_case('groupnorm', nn.GroupNorm(3, 6), {'x': input_spec([2, 6, 3, 3], 7, 1.5, 0.1)},
                          lambda m, t: m(t['x']), {'numGroups': 3, 'numChannels': 6}))
    idx = torch.tensor([[1, 0, 3, 3], [2, 4, 0, 1]], dtype=torch.int32)
    cases.append(run_case('embedding-padding', nn.Embedding(5, 3, padding_idx=0), {'idx': idx},
                          lambda m, t: m(t['idx'].long()), {'num': 5, 'dim': 3, 'paddingIdx': 0}))
    acts = [('relu', nn.ReLU()), ('gelu', nn.GELU()), ('gelu-tanh', nn.GELU(approximate='tanh')), ('silu', nn.SiLU()),
            ('tanh', nn.Tanh()), ('sigmoid', nn.Sigmoid())]
    for name, m in acts:
        cases.append(run_case(name, m, {'x': input_spec([2, 9], 8, 3.0)}, lambda m, t: m(t['x']), {}))
    pools = [
        ('maxpool2d', nn.MaxPool2d(3, stride=2, padding=1), [2, 2, 7, 6], {'kernel': 3, 'stride': 2, 'padding': 1}),
        ('maxpool2d-ceil-dilation', nn.MaxPool2d(2, stride=2, dilation=2, ceil_mode=True), [1, 2, 7, 8], {'kernel': 2, 'stride': 2, 'dilation': 2, 'ceilMode': True}),
        ('avgpool2d', nn.AvgPool2d(3, stride=2, padding=1), [2, 2, 7, 6], {'kernel': 3, 'stride': 2, 'padding': 1}),
        ('avgpool2d-exclude-pad-ceil', nn.AvgPool2d(3, stride=2, padding=1, ceil_mode=True, count_include_pad=False), [1, 2, 6, 7],
         {'kernel': 3, 'stride': 2, 'padding': 1, 'ceilMode': True, 'countIncludePad': False}),
        ('adaptiveavgpool2d', nn.AdaptiveAvgPool2d((3, 2)), [2, 3, 7, 5], {'output': [3, 2]}),
        ('upsample-nearest', nn.Upsample(scale_factor=2, mode='nearest'), [1, 2, 3, 4], {'scaleFactor': 2, 'mode': 'nearest'}),
        ('upsample-bilinear', nn.Upsample(size=(7, 9), mode='bilinear', align_corners=False), [1, 2, 3, 4], {'size': [7, 9], 'mode': 'bilinear', 'alignCorners': False}),
        ('upsample-bilinear-corners', nn.Upsample(scale_factor=2, mode='bilinear', align_corners=True), [2, 1, 3, 3], {'scaleFactor': 2, 'mode': 'bilinear', 'alignCorners': True}),
        ('flatten', nn.Flatten(), [2, 3, 2, 2], {}),
    ]
    for name, m, shape, cfg in pools:
        cases.append(run_case(name, m, {'x': input_spec(shape, 9, 2.0)}, lambda m, t: m(t['x']), cfg))
    return cases


# ---------------------------------------------------------------- attention

def bool_t(rows):
    return torch.tensor(rows, dtype=torch.bool)


def attention_cases():
    cases = []
    B, L, S, E, H = 2, 4, 5, 8, 2
    kpm = bool_t([[False, False, False, True, True], [False, False, False, False, False]])
    attn_bool = torch.zeros(L, S, dtype=torch.bool)
    attn_bool[0, 4] = True
    attn_bool[2, 1] = True
    cases.append(run_case(
        'mha-batchfirst-both-masks-bool', nn.MultiheadAttention(E, H, batch_first=True),
        {'q': input_spec([B, L, E], 100), 'k': input_spec([B, S, E], 101), 'v': input_spec([B, S, E], 102), 'kpm': kpm, 'mask': attn_bool},
        lambda m, t: m(t['q'], t['k'], t['v'], key_padding_mask=t['kpm'], attn_mask=t['mask']),
        {'embedDim': E, 'numHeads': H, 'batchFirst': True}))
    float_mask = formula([B * H, L, S], 333, 0.5)
    cases.append(run_case(
        'mha-seqfirst-float-mask-per-head', nn.MultiheadAttention(E, H),
        {'q': input_spec([L, B, E], 103), 'k': input_spec([S, B, E], 104), 'v': input_spec([S, B, E], 105),
         'kpm': kpm, 'mask': float_mask},
        lambda m, t: m(t['q'], t['k'], t['v'], key_padding_mask=t['kpm'], attn_mask=t['mask'], average_attn_weights=False),
        {'embedDim': E, 'numHeads': H, 'batchFirst': False, 'averageAttnWeights': False}))
    cases.append(run_case(
        'mha-kdim-vdim-self-no-weights', nn.MultiheadAttention(E, H, batch_first=True, kdim=6, vdim=3, bias=False),
        {'q': input_spec([B, L, E], 106), 'k': input_spec([B, S, 6], 107), 'v': input_spec([B, S, 3], 108)},
        lambda m, t: m(t['q'], t['k'], t['v'], need_weights=False)[0],
        {'embedDim': E, 'numHeads': H, 'batchFirst': True, 'kdim': 6, 'vdim': 3, 'bias': False}))

    D, FF = 8, 16
    src_kpm = bool_t([[False, False, False, False, True], [False, False, False, False, False]])
    for norm_first, act in ((False, 'relu'), (True, 'gelu')):
        tag = 'prenorm-gelu' if norm_first else 'postnorm-relu'
        cases.append(run_case(
            f'encoder-layer-{tag}',
            nn.TransformerEncoderLayer(D, 2, dim_feedforward=FF, dropout=0.0, activation=act, batch_first=True, norm_first=norm_first),
            {'src': input_spec([B, S, D], 200), 'kpm': src_kpm},
            lambda m, t: m(t['src'], src_key_padding_mask=t['kpm']),
            {'dModel': D, 'nhead': 2, 'dimFeedforward': FF, 'activation': act, 'normFirst': norm_first, 'batchFirst': True}))
    causal = torch.triu(torch.ones(L, L, dtype=torch.bool), 1)  # bool: JSON has no -inf
    cases.append(run_case(
        'encoder-layer-causal-seqfirst',
        nn.TransformerEncoderLayer(D, 2, dim_feedforward=FF, dropout=0.0),
        {'src': input_spec([L, B, D], 201), 'mask': causal},
        lambda m, t: m(t['src'], src_mask=t['mask']),
        {'dModel': D, 'nhead': 2, 'dimFeedforward': FF, 'activation': 'relu', 'normFirst': False, 'batchFirst': False, 'causal': True}))
    for norm_first in (False, True):
        tag = 'prenorm' if norm_first else 'postnorm'
        cases.append(run_case(
            f'decoder-layer-{tag}',
            nn.TransformerDecoderLayer(D, 2, dim_feedforward=FF, dropout=0.0, batch_first=True, norm_first=norm_first),
            {'tgt': input_spec([B, L, D], 202), 'memory': input_spec([B, S, D], 203), 'mask': causal, 'mkpm': kpm},
            lambda m, t: m(t['tgt'], t['memory'], tgt_mask=t['mask'], memory_key_padding_mask=t['mkpm']),
            {'dModel': D, 'nhead': 2, 'dimFeedforward': FF, 'activation': 'relu', 'normFirst': norm_first, 'batchFirst': True, 'causal': True}))
    return cases


# ---------------------------------------------------------------- BERT (HuggingFace BertModel layout)

class BertEmbeddings(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.word_embeddings = nn.Embedding(c['vocab'], c['hidden'], padding_idx=c['pad'])
        self.position_embeddings = nn.Embedding(c['maxPos'], c['hidden'])
        self.token_type_embeddings = nn.Embedding(c['typeVocab'], c['hidden'])
        self.LayerNorm = nn.LayerNorm(c['hidden'], eps=c['eps'])
        self.dropout = nn.Dropout(0.1)

    def forward(self, ids, types):
        pos = torch.arange(ids.shape[1]).unsqueeze(0)
        e = self.word_embeddings(ids) + self.token_type_embeddings(types) + self.position_embeddings(pos)
        return self.dropout(self.LayerNorm(e))


class BertSelfAttention(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.h = c['heads']
        self.d = c['hidden'] // c['heads']
        self.query = nn.Linear(c['hidden'], c['hidden'])
        self.key = nn.Linear(c['hidden'], c['hidden'])
        self.value = nn.Linear(c['hidden'], c['hidden'])
        self.dropout = nn.Dropout(0.1)

    def split(self, x):
        return x.view(x.shape[0], x.shape[1], self.h, self.d).permute(0, 2, 1, 3)

    def forward(self, x, ext_mask):
        q, k, v = self.split(self.query(x)), self.split(self.key(x)), self.split(self.value(x))
        scores = q @ k.transpose(-1, -2) / math.sqrt(self.d) + ext_mask
        p = self.dropout(scores.softmax(-1))
        ctx = (p @ v).permute(0, 2, 1, 3).contiguous()
        return ctx.view(x.shape[0], x.shape[1], -1)


class BertSelfOutput(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.dense = nn.Linear(c['hidden'], c['hidden'])
        self.LayerNorm = nn.LayerNorm(c['hidden'], eps=c['eps'])
        self.dropout = nn.Dropout(0.1)

    def forward(self, h, x):
        return self.LayerNorm(self.dropout(self.dense(h)) + x)


class BertAttention(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.self = BertSelfAttention(c)
        self.output = BertSelfOutput(c)

    def forward(self, x, m):
        return self.output(self.self(x, m), x)


class BertIntermediate(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.dense = nn.Linear(c['hidden'], c['intermediate'])

    def forward(self, x):
        return F.gelu(self.dense(x))


class BertOutput(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.dense = nn.Linear(c['intermediate'], c['hidden'])
        self.LayerNorm = nn.LayerNorm(c['hidden'], eps=c['eps'])
        self.dropout = nn.Dropout(0.1)

    def forward(self, h, x):
        return self.LayerNorm(self.dropout(self.dense(h)) + x)


class BertLayer(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.attention = BertAttention(c)
        self.intermediate = BertIntermediate(c)
        self.output = BertOutput(c)

    def forward(self, x, m):
        a = self.attention(x, m)
        return self.output(self.intermediate(a), a)


class BertEncoder(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.layer = nn.ModuleList([BertLayer(c) for _ in range(c['layers'])])

    def forward(self, x, m):
        for l in self.layer:
            x = l(x, m)
        return x


class BertPooler(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.dense = nn.Linear(c['hidden'], c['hidden'])
        self.activation = nn.Tanh()

    def forward(self, x):
        return self.activation(self.dense(x[:, 0]))


class BertModel(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.embeddings = BertEmbeddings(c)
        self.encoder = BertEncoder(c)
        self.pooler = BertPooler(c)

    def forward(self, ids, types, mask):
        ext = (1.0 - mask[:, None, None, :].float()) * torch.finfo(torch.float32).min
        h = self.encoder(self.embeddings(ids, types), ext)
        return h, self.pooler(h)


def bert_cases():
    c = {'vocab': 30, 'hidden': 16, 'layers': 2, 'heads': 4, 'intermediate': 32, 'maxPos': 12, 'typeVocab': 2, 'eps': 1e-12, 'pad': 0}
    ids = torch.tensor([[2, 7, 11, 5, 3, 0, 0], [2, 9, 4, 4, 13, 21, 3]], dtype=torch.int32)
    types = torch.tensor([[0, 0, 0, 1, 1, 0, 0], [0, 0, 0, 0, 1, 1, 1]], dtype=torch.int32)
    mask = torch.tensor([[1, 1, 1, 1, 1, 0, 0], [1, 1, 1, 1, 1, 1, 1]], dtype=torch.int32)
    return [run_case('bert-2-layers', BertModel(c), {'ids': ids, 'types': types, 'mask': mask},
                     lambda m, t: m(t['ids'].long(), t['types'].long(), t['mask']), c)]


# ---------------------------------------------------------------- ResNet (torchvision layout) and CLIP AttentionPool2d

def conv3x3(i, o, stride=1, groups=1, dilation=1):
    return nn.Conv2d(i, o, 3, stride=stride, padding=dilation, groups=groups, bias=False, dilation=dilation)


def conv1x1(i, o, stride=1):
    return nn.Conv2d(i, o, 1, stride=stride, bias=False)


class BasicBlock(nn.Module):
    expansion = 1

    def __init__(self, inplanes, planes, stride=1, downsample=None, groups=1, base_width=64):
        super().__init__()
        self.conv1 = conv3x3(inplanes, planes, stride)
        self.bn1 = nn.BatchNorm2d(planes)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = conv3x3(planes, planes)
        self.bn2 = nn.BatchNorm2d(planes)
        self.downsample = downsample

    def forward(self, x):
        idt = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return self.relu(out + idt)


class Bottleneck(nn.Module):
    expansion = 4

    def __init__(self, inplanes, planes, stride=1, downsample=None, groups=1, base_width=64):
        super().__init__()
        width = int(planes * (base_width / 64.0)) * groups
        self.conv1 = conv1x1(inplanes, width)
        self.bn1 = nn.BatchNorm2d(width)
        self.conv2 = conv3x3(width, width, stride, groups)
        self.bn2 = nn.BatchNorm2d(width)
        self.conv3 = conv1x1(width, planes * self.expansion)
        self.bn3 = nn.BatchNorm2d(planes * self.expansion)
        self.relu = nn.ReLU(inplace=True)
        self.downsample = downsample

    def forward(self, x):
        idt = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.relu(self.bn2(self.conv2(out)))
        out = self.bn3(self.conv3(out))
        return self.relu(out + idt)


class ResNet(nn.Module):
    def __init__(self, block, layers, in_channels=3, num_classes=1000, widths=(64, 128, 256, 512)):
        super().__init__()
        self.inplanes = widths[0]
        self.conv1 = nn.Conv2d(in_channels, self.inplanes, 7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(self.inplanes)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(3, stride=2, padding=1)
        self.layer1 = self._make_layer(block, widths[0], layers[0])
        self.layer2 = self._make_layer(block, widths[1], layers[1], 2)
        self.layer3 = self._make_layer(block, widths[2], layers[2], 2)
        self.layer4 = self._make_layer(block, widths[3], layers[3], 2)
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(widths[3] * block.expansion, num_classes)

    def _make_layer(self, block, planes, blocks, stride=1):
        down = None
        if stride != 1 or self.inplanes != planes * block.expansion:
            down = nn.Sequential(conv1x1(self.inplanes, planes * block.expansion, stride), nn.BatchNorm2d(planes * block.expansion))
        layers = [block(self.inplanes, planes, stride, down)]
        self.inplanes = planes * block.expansion
        layers += [block(self.inplanes, planes) for _ in range(1, blocks)]
        return nn.Sequential(*layers)

    def forward(self, x):
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        fmap = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        pooled = torch.flatten(self.avgpool(fmap), 1)
        return fmap, pooled, self.fc(pooled)


class AttentionPool2d(nn.Module):
    """CLIP's (openai/CLIP model.py), written out."""

    def __init__(self, spacial_dim, embed_dim, num_heads, output_dim=None):
        super().__init__()
        self.positional_embedding = nn.Parameter(torch.randn(spacial_dim ** 2 + 1, embed_dim) / embed_dim ** 0.5)
        self.k_proj = nn.Linear(embed_dim, embed_dim)
        self.q_proj = nn.Linear(embed_dim, embed_dim)
        self.v_proj = nn.Linear(embed_dim, embed_dim)
        self.c_proj = nn.Linear(embed_dim, output_dim or embed_dim)
        self.num_heads = num_heads

    def forward(self, x):
        x = x.flatten(start_dim=2).permute(2, 0, 1)
        x = torch.cat([x.mean(dim=0, keepdim=True), x], dim=0)
        x = x + self.positional_embedding[:, None, :].to(x.dtype)
        x, _ = F.multi_head_attention_forward(
            query=x[:1], key=x, value=x, embed_dim_to_check=x.shape[-1], num_heads=self.num_heads,
            q_proj_weight=self.q_proj.weight, k_proj_weight=self.k_proj.weight, v_proj_weight=self.v_proj.weight,
            in_proj_weight=None, in_proj_bias=torch.cat([self.q_proj.bias, self.k_proj.bias, self.v_proj.bias]),
            bias_k=None, bias_v=None, add_zero_attn=False, dropout_p=0, out_proj_weight=self.c_proj.weight,
            out_proj_bias=self.c_proj.bias, use_separate_proj_weight=True, training=self.training, need_weights=False)
        return x.squeeze(0)


def vision_cases():
    cases = []
    # ResNet-18's depth and strides at a quarter of its width (full width is slow on the CPU oracle);
    # the key-name test covers the full-width layout.
    r18 = ResNet(BasicBlock, [2, 2, 2, 2], in_channels=1, num_classes=10, widths=(16, 32, 64, 128))
    cases.append(run_case('resnet18-quarter-width-1x64x64-train', r18, {'x': input_spec([2, 1, 64, 64], 300)},
                          lambda m, t: m(t['x']), {'arch': 'resnet18', 'widths': [16, 32, 64, 128], 'inChannels': 1, 'numClasses': 10}, train=True))
    r50 = ResNet(Bottleneck, [1, 1, 1, 1], in_channels=3, num_classes=5, widths=(4, 8, 8, 16))
    cases.append(run_case('bottleneck-resnet-small-eval', r50, {'x': input_spec([2, 3, 32, 32], 301)},
                          lambda m, t: m(t['x']), {'block': 'bottleneck', 'layers': [1, 1, 1, 1], 'widths': [4, 8, 8, 16], 'inChannels': 3, 'numClasses': 5}))
    cases.append(run_case('attention-pool-2d', AttentionPool2d(4, 16, 4, 12), {'x': input_spec([2, 16, 4, 4], 302)},
                          lambda m, t: m(t['x']), {'spacialDim': 4, 'embedDim': 16, 'numHeads': 4, 'outputDim': 12}))
    return cases


def key_names():
    """torchvision resnet18/resnet50 and HuggingFace BertModel (bert-base layout) state-dict keys."""
    r18 = ResNet(BasicBlock, [2, 2, 2, 2])
    r50 = ResNet(Bottleneck, [3, 4, 6, 3])
    bert = BertModel({'vocab': 8, 'hidden': 8, 'layers': 12, 'heads': 2, 'intermediate': 8, 'maxPos': 8, 'typeVocab': 2, 'eps': 1e-12, 'pad': 0})
    shapes = lambda m: [[k, list(v.shape)] for k, v in m.state_dict().items()]
    return {'resnet18': shapes(r18), 'resnet50': shapes(r50), 'bertBase': [k for k in bert.state_dict().keys()]}


def write(name, payload):
    path = os.path.join(OUT, name)
    with open(path, 'w') as f:
        json.dump(payload, f, separators=(',', ':'))
    print(f'wrote {path} ({os.path.getsize(path) // 1024} KiB)')


if __name__ == '__main__':
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(0)
    meta = {'torch': torch.__version__}
    write('layers.json', dict(meta, cases=layer_cases()))
    write('attention.json', dict(meta, cases=attention_cases()))
    write('bert.json', dict(meta, cases=bert_cases()))
    write('vision.json', dict(meta, cases=vision_cases()))
    write('key-names.json', dict(meta, **key_names()))
