"""Writes the image fixtures under test/images/fixtures with independent tools
(Pillow's libpng/libjpeg and pydicom), plus the pixel values those tools decode or the
DICOM formulas give, so the TypeScript decoders are checked against another implementation.

Run with Debian's python3 (python3-pil, python3-pydicom, python3-numpy):
    /usr/bin/python3 packages/datasets/scripts/make-image-fixtures.py
"""
import io
import json
import os

import numpy as np
import pydicom
from PIL import Image
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.encaps import encapsulate
from pydicom.uid import ExplicitVRLittleEndian, ImplicitVRLittleEndian, JPEGBaseline8Bit

OUT = os.path.join(os.path.dirname(__file__), "..", "test", "images", "fixtures")
os.makedirs(OUT, exist_ok=True)
W, H = 23, 17
rng = np.random.default_rng(7)
yy, xx = np.mgrid[0:H, 0:W]
smooth = (xx / (W - 1) * 0.7 + yy / (H - 1) * 0.3)  # a gradient JPEG keeps well
expected = {}


def save(name, data):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)


def png(name, img, values, **kw):
    b = io.BytesIO()
    img.save(b, format="PNG", **kw)
    save(name, b.getvalue())
    expected[name] = {"width": img.width, "height": img.height, "channels": values.shape[2],
                      "data": [round(float(v), 7) for v in values.reshape(-1)]}


grey8 = (smooth * 255).round().astype(np.uint8)
grey8[3:6, 4:9] = 255
png("grey8.png", Image.fromarray(grey8, "L"), grey8[..., None] / 255)
grey16 = (rng.integers(0, 65536, size=(H, W))).astype(np.uint16)
png("grey16.png", Image.fromarray(grey16.astype(np.uint16), "I;16"), grey16[..., None] / 65535)
rgb = rng.integers(0, 256, size=(H, W, 3)).astype(np.uint8)
png("rgb.png", Image.fromarray(rgb, "RGB"), rgb / 255)
rgba = rng.integers(0, 256, size=(H, W, 4)).astype(np.uint8)
png("rgba.png", Image.fromarray(rgba, "RGBA"), rgba[..., :3] / 255)  # alpha dropped by default
bits = rng.integers(0, 2, size=(H, W)).astype(bool)
png("grey1.png", Image.fromarray(bits), bits[..., None].astype(np.float64))
pal = Image.fromarray(rgb, "RGB").quantize(colors=16)
pal_rgb = np.asarray(pal.convert("RGB"))
png("palette.png", pal, pal_rgb / 255)


def jpeg(name, img, **kw):
    b = io.BytesIO()
    img.save(b, format="JPEG", **kw)
    save(name, b.getvalue())
    dec = np.asarray(Image.open(io.BytesIO(b.getvalue())))
    if dec.ndim == 2:
        dec = dec[..., None]
    expected[name] = {"width": img.width, "height": img.height, "channels": dec.shape[2],
                      "data": [round(float(v) / 255, 7) for v in dec.reshape(-1)]}


smooth_rgb = np.stack([smooth, smooth[::-1], 1 - smooth], axis=-1)
jpeg("baseline-grey.jpg", Image.fromarray(grey8, "L"), quality=92)
jpeg("progressive-grey.jpg", Image.fromarray(grey8, "L"), quality=92, progressive=True)
jpeg("baseline-rgb.jpg", Image.fromarray((smooth_rgb * 255).round().astype(np.uint8), "RGB"), quality=92)
jpeg("progressive-rgb.jpg", Image.fromarray((smooth_rgb * 255).round().astype(np.uint8), "RGB"), quality=92,
     progressive=True, subsampling=0)


def dicom(name, pixels, syntax, expect, preamble=True, **attrs):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.7"
    meta.MediaStorageSOPInstanceUID = "1.2.3.4.5." + str(len(expected))
    meta.TransferSyntaxUID = syntax
    ds = Dataset()
    ds.file_meta = meta
    ds.SOPClassUID = meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.Modality = "CR"
    ds.PatientID = "fixture"
    ds.Rows, ds.Columns = pixels.shape[:2]
    ds.SamplesPerPixel = 1
    for k, v in attrs.items():
        setattr(ds, k, v)
    if syntax == JPEGBaseline8Bit:
        b = io.BytesIO()
        Image.fromarray(pixels, "L").save(b, format="JPEG", quality=95)
        ds.PixelData = encapsulate([b.getvalue()])
        ds["PixelData"].VR = "OB"
        ds["PixelData"].is_undefined_length = True
        stored = np.asarray(Image.open(io.BytesIO(b.getvalue()))).astype(np.float64)
    else:
        ds.PixelData = pixels.tobytes()
        stored = pixels.astype(np.float64)
    ds.is_little_endian = True
    ds.is_implicit_VR = syntax == ImplicitVRLittleEndian
    b = io.BytesIO()
    if preamble:
        ds.save_as(b, write_like_original=False)
    else:
        del ds.file_meta
        ds.save_as(b, write_like_original=True)
    save(name, b.getvalue())
    out = expect(stored)
    expected[name] = {"width": pixels.shape[1], "height": pixels.shape[0], "channels": 1,
                      "data": [round(float(v), 7) for v in out.reshape(-1)]}


def window(x, c, w):
    # DICOM PS3.3 C.11.2.1.2, output range [0,1]
    return np.clip((x - (c - 0.5)) / (w - 1) + 0.5, 0, 1)


def minmax(x):
    return (x - x.min()) / (x.max() - x.min())


u12 = rng.integers(0, 4096, size=(H, W)).astype(np.uint16)
dicom("explicit-u16-window.dcm", u12, ExplicitVRLittleEndian,
      lambda s: window(s * 2.0 - 1024, 1000.0, 3000.0),
      BitsAllocated=16, BitsStored=12, HighBit=11, PixelRepresentation=0, PhotometricInterpretation="MONOCHROME2",
      RescaleSlope="2", RescaleIntercept="-1024", WindowCenter="1000", WindowWidth="3000")
dicom("implicit-mono1.dcm", u12, ImplicitVRLittleEndian, lambda s: 1 - minmax(s),
      BitsAllocated=16, BitsStored=12, HighBit=11, PixelRepresentation=0, PhotometricInterpretation="MONOCHROME1")
s12 = rng.integers(-2048, 2048, size=(H, W)).astype(np.int16)
dicom("explicit-s16.dcm", s12, ExplicitVRLittleEndian, lambda s: minmax(s),
      BitsAllocated=16, BitsStored=16, HighBit=15, PixelRepresentation=1, PhotometricInterpretation="MONOCHROME2")
dicom("implicit-no-preamble.dcm", grey8, ImplicitVRLittleEndian, lambda s: minmax(s), preamble=False,
      BitsAllocated=8, BitsStored=8, HighBit=7, PixelRepresentation=0, PhotometricInterpretation="MONOCHROME2")
dicom("jpeg-baseline.dcm", grey8, JPEGBaseline8Bit, lambda s: minmax(s),
      BitsAllocated=8, BitsStored=8, HighBit=7, PixelRepresentation=0, PhotometricInterpretation="MONOCHROME2")

with open(os.path.join(OUT, "expected.json"), "w") as f:
    json.dump(expected, f, separators=(",", ":"))
print("wrote", len(expected), "fixtures")
