"""Reference safetensors files, written from PyTorch 1.13 tensors.

Debian has no python3-safetensors package (checked with apt-cache policy), so this
script carries a small hand-written writer that follows the reference implementation's
layout exactly (huggingface/safetensors `serialize`: u64 LE header length, compact JSON
with __metadata__ first and tensors in data order, header padded with spaces to a
multiple of 8, tensors sorted by descending dtype alignment then name), and a numpy
reader that checks every file it wrote: offsets contiguous, sizes right, and every
tensor bit-identical to the PyTorch tensor it came from.

Run with Debian's python3 (python3-torch, python3-numpy):
    /usr/bin/python3 scripts/safetensors_fixtures.py test/fixtures/checkpoint
"""
import json
import os
import struct
import sys

import numpy as np
import torch

torch.manual_seed(0)

# The reference enum, ascending alignment.
ORDER = ["BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3", "I16", "U16", "F16", "BF16", "I32", "U32", "F32", "F64", "I64", "U64"]
SIZE = {"BOOL": 1, "U8": 1, "I8": 1, "I16": 2, "U16": 2, "F16": 2, "BF16": 2, "I32": 4, "U32": 4, "F32": 4, "F64": 8, "I64": 8, "U64": 8}
FROM_TORCH = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16", torch.float64: "F64", torch.int64: "I64",
              torch.int32: "I32", torch.int16: "I16", torch.int8: "I8", torch.uint8: "U8", torch.bool: "BOOL"}


def tensor_bytes(t):
    t = t.contiguous()
    if t.dtype == torch.bfloat16:
        return t.view(torch.int16).numpy().tobytes()  # numpy has no bfloat16: take the bits
    return t.numpy().tobytes()


def write(path, tensors, metadata=None):
    items = sorted(tensors.items(), key=lambda kv: (-ORDER.index(FROM_TORCH[kv[1].dtype]), kv[0].encode("utf-8")))
    header, offset, blobs = {}, 0, []
    if metadata is not None:
        header["__metadata__"] = dict(sorted(metadata.items()))
    for name, t in items:
        b = tensor_bytes(t)
        header[name] = {"dtype": FROM_TORCH[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(b)]}
        offset += len(b)
        blobs.append(b)
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


NP = {"F32": np.float32, "F16": np.float16, "F64": np.float64, "I64": np.int64, "I32": np.int32, "I16": np.int16, "I8": np.int8, "U8": np.uint8, "BOOL": np.bool_}


def read(path):
    """numpy reader with the reference checks; BF16 comes back as float32."""
    data = open(path, "rb").read()
    (n,) = struct.unpack("<Q", data[:8])
    assert n % 8 == 0 and 8 + n <= len(data)
    header = json.loads(data[8:8 + n].decode("utf-8"))
    metadata = header.pop("__metadata__", {})
    body = data[8 + n:]
    out, expected = {}, 0
    for name, info in sorted(header.items(), key=lambda kv: kv[1]["data_offsets"]):
        s, e = info["data_offsets"]
        assert s == expected, name
        assert e - s == int(np.prod(info["shape"], dtype=np.int64)) * SIZE[info["dtype"]], name
        raw = body[s:e]
        if info["dtype"] == "BF16":
            arr = (np.frombuffer(raw, dtype=np.uint16).astype(np.uint32) << 16).view(np.float32)
        else:
            arr = np.frombuffer(raw, dtype=NP[info["dtype"]])
        out[name] = (info["dtype"], arr.reshape(info["shape"]))
        expected = e
    assert expected == len(body)
    return out, metadata


def verify(path, tensors, metadata):
    got, meta = read(path)
    assert meta == (metadata or {}), meta
    assert set(got) == set(tensors)
    for name, t in tensors.items():
        dtype, arr = got[name]
        assert dtype == FROM_TORCH[t.dtype], name
        want = t.float().numpy() if t.dtype == torch.bfloat16 else t.numpy()
        assert arr.shape == want.shape and arr.tobytes() == np.ascontiguousarray(want).tobytes(), name


def values(t):
    """Exact values for JSON: F16/BF16 widened to float32, then to Python floats; NaN and
    infinities as strings (JSON has no literal for them)."""
    if t.dtype in (torch.float16, torch.bfloat16):
        t = t.float()
    if t.dtype == torch.bool:
        return [bool(v) for v in t.flatten().tolist()]
    return [v if v == v and abs(v) != float("inf") else str(v) for v in t.flatten().tolist()]


def check_reference_vectors(tmp):
    """The byte strings the reference implementation's own tests expect (tensor.rs:
    test_serialization, test_empty, test_serialization_forced_alignement)."""
    cases = [
        ({"attn.0": torch.arange(6, dtype=torch.float32).reshape(1, 2, 3)}, None,
         bytes([64, 0, 0, 0, 0, 0, 0, 0]) + b'{"attn.0":{"dtype":"F32","shape":[1,2,3],"data_offsets":[0,24]}}'),
        ({}, None, bytes([8, 0, 0, 0, 0, 0, 0, 0]) + b"{}      "),
        ({}, {"framework": "pt"}, bytes([40, 0, 0, 0, 0, 0, 0, 0]) + b'{"__metadata__":{"framework":"pt"}}     '),
        ({"attn0": torch.arange(6, dtype=torch.float32).reshape(1, 1, 2, 3)}, None,
         bytes([72, 0, 0, 0, 0, 0, 0, 0]) + b'{"attn0":{"dtype":"F32","shape":[1,1,2,3],"data_offsets":[0,24]}}       '),
    ]
    for tensors, metadata, head in cases:
        write(tmp, tensors, metadata)
        body = b"".join(tensor_bytes(t) for t in tensors.values())
        assert open(tmp, "rb").read() == head + body, head
    os.remove(tmp)


def emit(out_dir, stem, tensors, metadata):
    path = os.path.join(out_dir, f"{stem}.safetensors")
    write(path, tensors, metadata)
    verify(path, tensors, metadata)
    with open(os.path.join(out_dir, f"{stem}.json"), "w") as f:
        json.dump({"metadata": metadata or {}, "tensors": {k: {"dtype": FROM_TORCH[t.dtype], "shape": list(t.shape), "values": values(t)} for k, t in tensors.items()}}, f)


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    check_reference_vectors(os.path.join(out_dir, "reference-check.tmp"))
    # 1. Every dtype the reader supports, special values included; an empty and a rank-0 tensor.
    special = torch.tensor([0.0, -0.0, 1.0, -2.5, 65504.0, 6.1e-5, 3.0e-8, float("inf"), float("-inf"), 1 / 3])
    all_dtypes = {
        "f32": torch.randn(2, 3),
        "f32.special": torch.cat([special, torch.tensor([float("nan"), 1e-40, 3.4e38])]),
        "f16": special.half(),
        "f16.matrix": torch.randn(3, 2).half(),
        "bf16": torch.cat([special.bfloat16(), torch.tensor([1e30, -1e-30]).bfloat16()]),
        "f64": torch.randn(4).double() * 1e10,
        "i64": torch.tensor([[0, 1, -1], [2147483647, -2147483648, 42]], dtype=torch.int64),
        "i32": torch.tensor([7, -7, 2147483647], dtype=torch.int32),
        "i16": torch.tensor([-300, 300], dtype=torch.int16),
        "u8": torch.tensor([0, 255], dtype=torch.uint8),
        "bool": torch.tensor([True, False, True]),
        "empty": torch.zeros(0, 3),
        "scalar": torch.tensor(2.5),
    }
    emit(out_dir, "torch-dtypes", all_dtypes, {"format": "pt", "source": "PyTorch 1.13"})
    # 2. A PyTorch state dict (int64 num_batches_tracked included), as transformers/timm save them.
    net = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.BatchNorm1d(3))
    net.train()
    net(torch.randn(5, 4))  # moves the running statistics
    emit(out_dir, "torch-state-dict", {k: v.detach() for k, v in net.state_dict().items()}, {"format": "pt"})
    # 3. What this package writes (F32, F64, I32, I64, BOOL): the TypeScript writer must reproduce these bytes.
    written = {
        "layer.weight": torch.randn(3, 2),
        "layer.bias": torch.randn(3),
        "a.b": torch.tensor([1.5], dtype=torch.float64),
        "count": torch.tensor([5, -6], dtype=torch.int32),
        "num_batches_tracked": torch.tensor(12, dtype=torch.int64),
        "mask": torch.tensor([[True, False]]),
        "zero": torch.zeros(0),
        "Ünïcode": torch.tensor([1.0]),
    }
    emit(out_dir, "expected-written", written, {"step": "12", "note": "ä \"quoted\" \n newline"})
    emit(out_dir, "no-metadata", {"x": torch.tensor([1.0, 2.0])}, None)


main(sys.argv[1] if len(sys.argv) > 1 else "test/fixtures/checkpoint")
