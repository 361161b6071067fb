"""W3, the CLIP-style training step, in torch.nn: the same model, sizes and update as the
Node peers (src/clip-step/spec.ts): ResNet image tower (3x3 stem, BasicBlocks, BatchNorm,
global average pool, Linear), Transformer text tower (token + position embeddings,
post-norm encoder layers, mean pool, Linear), symmetric InfoNCE, torch.optim.AdamW."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


class BasicBlock(nn.Module):
    def __init__(self, cin, planes, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, planes, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.downsample = None
        if stride != 1 or cin != planes:
            self.downsample = nn.Sequential(nn.Conv2d(cin, planes, 1, stride, bias=False), nn.BatchNorm2d(planes))

    def forward(self, x):
        identity = self.downsample(x) if self.downsample is not None else x
        out = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))
        return F.relu(out + identity)


class ClipModel(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.conv1 = nn.Conv2d(1, c["stem"], 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(c["stem"])
        blocks, cin = [], c["stem"]
        for planes, n, stride in zip(c["widths"], c["blocks"], c["strides"]):
            for j in range(n):
                blocks.append(BasicBlock(cin, planes, stride if j == 0 else 1))
                cin = planes
        self.blocks = nn.Sequential(*blocks)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
        self.image_proj = nn.Linear(cin, c["embed"])
        self.token_embed = nn.Embedding(c["vocab"], c["dModel"])
        self.pos_embed = nn.Embedding(c["seq"], c["dModel"])
        layer = nn.TransformerEncoderLayer(c["dModel"], c["heads"], c["ffn"], dropout=0.0, batch_first=True)
        self.text = nn.TransformerEncoder(layer, c["layers"], enable_nested_tensor=False)
        self.text_proj = nn.Linear(c["dModel"], c["embed"])
        self.logit_scale = nn.Parameter(torch.tensor(math.log(1 / c["temperature"])))
        self.register_buffer("positions", torch.arange(c["seq"]))

    def forward(self, images, tokens):
        h = self.blocks(F.relu(self.bn1(self.conv1(images))))
        img = self.image_proj(h.mean((2, 3)))
        t = self.text(self.token_embed(tokens) + self.pos_embed(self.positions))
        txt = self.text_proj(t.mean(1))
        a, b = F.normalize(img, dim=-1), F.normalize(txt, dim=-1)
        logits = self.logit_scale.exp() * a @ b.t()
        labels = torch.arange(a.shape[0])
        return 0.5 * (F.cross_entropy(logits, labels) + F.cross_entropy(logits.t(), labels))


def clip_batch(c):
    """The Node side's clipBatch: the same deterministic images and tokens."""
    n = c["batch"] * c["imageSize"] ** 2
    i = torch.arange(n, dtype=torch.float64)
    images = (torch.sin(i * 0.37 + (i.long() % 97).double()) * 0.5).float().reshape(c["batch"], 1, c["imageSize"], c["imageSize"])
    j = torch.arange(c["batch"] * c["seq"], dtype=torch.int64)
    tokens = ((j * 7919 + 13) % c["vocab"]).reshape(c["batch"], c["seq"])
    return images, tokens


def prepare_clip_step(c):
    """A function running one training step (zero grads, forward, backward, AdamW) that returns the loss."""
    model = ClipModel(c).train()
    opt = torch.optim.AdamW(model.parameters(), lr=c["lr"], weight_decay=c["weightDecay"])
    images, tokens = clip_batch(c)

    def step():
        opt.zero_grad(set_to_none=True)
        loss = model(images, tokens)
        loss.backward()
        opt.step()
        return loss.item()
    return step
