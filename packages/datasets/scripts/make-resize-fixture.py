"""Reference values for bilinear resizing: PyTorch's F.interpolate(mode='bilinear',
align_corners=False) on a fixed random 2-channel image. Run with Debian's python3:
    /usr/bin/python3 packages/datasets/scripts/make-resize-fixture.py
"""
import json
import os

import torch
import torch.nn.functional as F

g = torch.Generator().manual_seed(3)
x = torch.rand(1, 2, 7, 9, generator=g, dtype=torch.float64)
cases = []
for h, w in [(4, 5), (13, 17), (7, 3), (1, 1), (14, 18)]:
    y = F.interpolate(x, size=(h, w), mode="bilinear", align_corners=False)
    cases.append({"height": h, "width": w, "chw": y[0].reshape(-1).tolist()})
out = {"height": 7, "width": 9, "channels": 2, "chw": x[0].reshape(-1).tolist(), "cases": cases}
path = os.path.join(os.path.dirname(__file__), "..", "test", "images", "fixtures", "resize-bilinear.json")
with open(path, "w") as f:
    json.dump(out, f)
