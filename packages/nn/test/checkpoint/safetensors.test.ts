/**
 * The safetensors codec: the reference implementation's own byte vectors, files written
 * from PyTorch tensors (scripts/safetensors_fixtures.py), byte-identical output for the
 * same tensors, bit-exact round trips, errors for corrupt files, atomic writes.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { type DType, type Tensor, tensor } from '@prior/tensor';
import * as nn from '../../src/index.js';

const fixture = (name: string) => new URL(`../fixtures/checkpoint/${name}`, import.meta.url);
const bytesOf = (name: string) => new Uint8Array(readFileSync(fixture(name)));
const jsonOf = (name: string) =>
  JSON.parse(readFileSync(fixture(name), 'utf8')) as { metadata: Record<string, string>; tensors: Record<string, { dtype: string; shape: number[]; values: (number | string | boolean)[] }> };
const num = (v: number | string | boolean) => (typeof v === 'string' ? Number(v.replace('inf', 'Infinity').replace('nan', 'NaN')) : Number(v));
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));
const le8 = (n: number) => [n, 0, 0, 0, 0, 0, 0, 0];

const dir = mkdtempSync(join(tmpdir(), 'prior-nn-safetensors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('safetensors encoding', () => {
  it('reproduces the reference implementation test vectors', () => {
    const f32 = (shape: number[]) => ({ dtype: 'F32' as const, shape, bytes: new Uint8Array(new Float32Array([0, 1, 2, 3, 4, 5]).buffer) });
    const body = [...new Uint8Array(new Float32Array([0, 1, 2, 3, 4, 5]).buffer)];
    expect([...nn.encodeSafetensors([['attn.0', f32([1, 2, 3])]])]).toEqual([
      ...le8(64), ...ascii('{"attn.0":{"dtype":"F32","shape":[1,2,3],"data_offsets":[0,24]}}'), ...body,
    ]);
    expect([...nn.encodeSafetensors([['attn0', f32([1, 1, 2, 3])]])]).toEqual([
      ...le8(72), ...ascii('{"attn0":{"dtype":"F32","shape":[1,1,2,3],"data_offsets":[0,24]}}       '), ...body,
    ]);
    expect([...nn.encodeSafetensors([])]).toEqual([...le8(8), ...ascii('{}      ')]);
    expect([...nn.encodeSafetensors([], { framework: 'pt' })]).toEqual([...le8(40), ...ascii('{"__metadata__":{"framework":"pt"}}     ')]);
  });

  it('writes the same bytes as the reference layout for the same tensors', async () => {
    const want = jsonOf('expected-written.json');
    const dtypes: Record<string, DType> = { F32: 'float32', F64: 'float64', I32: 'int32', I64: 'int32', BOOL: 'bool' };
    const tensors = new Map<string, Tensor>();
    for (const [k, t] of Object.entries(want.tensors)) tensors.set(k, tensor(t.values.map(num), { shape: t.shape, dtype: dtypes[t.dtype] }));
    const got = await nn.toSafetensors(tensors, { metadata: want.metadata, intDtype: (name) => (want.tensors[name].dtype === 'I64' ? 'I64' : 'I32') });
    expect(Buffer.from(got).equals(Buffer.from(bytesOf('expected-written.safetensors')))).toBe(true);
    for (const t of tensors.values()) t.dispose();
  });
});

describe('safetensors decoding', () => {
  it('reads every dtype PyTorch wrote, exactly', async () => {
    const want = jsonOf('torch-dtypes.json');
    const { tensors, metadata } = nn.fromSafetensors(bytesOf('torch-dtypes.safetensors'));
    expect(metadata).toEqual(want.metadata);
    expect([...tensors.keys()].sort()).toEqual(Object.keys(want.tensors).sort());
    const as: Record<string, DType> = { F32: 'float32', F16: 'float32', BF16: 'float32', F64: 'float64', I64: 'int32', I32: 'int32', I16: 'int32', U8: 'int32', BOOL: 'bool' };
    for (const [k, w] of Object.entries(want.tensors)) {
      const t = tensors.get(k)!;
      expect(t.shape, k).toEqual(w.shape);
      expect(t.dtype, k).toBe(as[w.dtype]);
      const got = Array.from(await t.data());
      // Object.is: −0 stays −0 and NaN equals NaN.
      got.forEach((v, i) => expect(Object.is(v, num(w.values[i])), `${k}[${i}]: got ${v}, want ${w.values[i]}`).toBe(true));
      t.dispose();
    }
  });

  it('loads a PyTorch state dict (int64 counter included) into a module', async () => {
    const want = jsonOf('torch-state-dict.json');
    const { tensors } = await nn.loadSafetensors(fileURLToPath(fixture('torch-state-dict.safetensors')));
    const net = new nn.Sequential(new nn.Linear(4, 3), new nn.BatchNorm1d(3));
    net.loadStateDict(tensors);
    for (const [k, t] of net.stateDict()) {
      expect(Array.from(await t.data()), k).toEqual(want.tensors[k].values.map(num).map((v) => (t.dtype === 'float32' ? Math.fround(v) : v)));
    }
    for (const t of tensors.values()) t.dispose();
    net.dispose();
  });

  it('round-trips float32, float64, int32 and bool tensors bit-exactly', async () => {
    const f32 = new Float32Array([0, -0, 1.5, NaN, Infinity, -Infinity, 1e-45, 3.4028234663852886e38, Math.fround(Math.PI)]);
    const f64 = new Float64Array([Math.PI, -0, 5e-324, Number.MAX_VALUE, NaN]);
    const src = new Map<string, Tensor>([
      ['a', tensor(f32, { shape: [3, 3] })],
      ['b', tensor(f64)],
      ['c', tensor(new Int32Array([-2147483648, 2147483647, 0]))],
      ['d', tensor([true, false])],
      ['e', tensor(new Float32Array(0), { shape: [0, 4] })],
      ['f', tensor(new Float32Array([7]), { shape: [] })],
    ]);
    for (const intDtype of ['I32', 'I64'] as const) {
      const { tensors } = nn.fromSafetensors(await nn.toSafetensors(src, { intDtype }));
      for (const [k, t] of src) {
        const back = tensors.get(k)!;
        expect(back.shape).toEqual(t.shape);
        expect(back.dtype).toBe(t.dtype);
        const [x, y] = [await t.data(), await back.data()];
        expect(Buffer.from(y.buffer, y.byteOffset, y.byteLength).equals(Buffer.from(x.buffer, x.byteOffset, x.byteLength)), k).toBe(true);
        back.dispose();
      }
    }
    for (const t of src.values()) t.dispose();
  });
});

describe('corrupt files give errors naming the problem', () => {
  const good = () => bytesOf('expected-written.safetensors');
  const header = (b: Uint8Array) => Number(new DataView(b.buffer, b.byteOffset).getBigUint64(0, true));
  const withHeader = (json: string, data: number[] = []) => {
    const text = new TextEncoder().encode(json);
    return new Uint8Array([...le8(text.length), ...text, ...data]);
  };

  it.each([
    ['a buffer shorter than 8 bytes', () => new Uint8Array(5), /too short/],
    ['a truncated data section', () => good().subarray(0, good().length - 3), /ends at byte|truncated/],
    ['trailing bytes', () => new Uint8Array([...good(), 0]), /trailing bytes/],
    ['a header longer than the file', () => good().subarray(0, 8 + header(good()) - 1), /header declares \d+ bytes/],
    ['a huge header length', () => new Uint8Array([0, 0, 0, 0, 1, 0, 0, 0, 0x7b]), /100 MB/],
    ['invalid JSON', () => withHeader('{"x":'), /not valid JSON/],
    ['a header that is not an object', () => withHeader('[1,2]'), /start with '\{'|JSON object/],
    ['an unknown dtype', () => withHeader('{"w":{"dtype":"F128","shape":[1],"data_offsets":[0,16]}}', new Array(16).fill(0)), /tensor 'w' has unknown dtype "F128"/],
    ['a size that does not match the shape', () => withHeader('{"w":{"dtype":"F32","shape":[2,3],"data_offsets":[0,20]}}', new Array(20).fill(0)), /tensor 'w' \(F32, shape \[2, 3\]\) needs 24 bytes, its offsets span 20/],
    ['non-contiguous offsets', () => withHeader('{"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}', new Array(8).fill(0)), /tensor 'w' has data_offsets \[4, 8\], expected to start at 0/],
    ['non-string metadata', () => withHeader('{"__metadata__":{"step":3}}'), /__metadata__ 'step' must be a string/],
  ])('%s', (_what, make, message) => {
    expect(() => nn.fromSafetensors(make())).toThrow(message);
    expect(() => nn.fromSafetensors(make())).toThrow(nn.CheckpointError);
  });

  it('an I64 value beyond int32 names the tensor', () => {
    const data = [...le8(0)];
    data[4] = 1; // 2^32
    expect(() => nn.fromSafetensors(withHeader('{"big":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}}', data))).toThrow(/tensor 'big' element 0 does not fit in int32/);
  });

  it('the file path prefixes errors from loadSafetensors', async () => {
    const path = join(dir, 'truncated.safetensors');
    writeFileSync(path, good().subarray(0, 30));
    await expect(nn.loadSafetensors(path)).rejects.toThrow(/truncated\.safetensors: safetensors: header declares/);
  });
});

describe('atomic writes', () => {
  it('replaces the file in one step and leaves no temporary files', async () => {
    const path = join(dir, 'model.safetensors');
    const a = tensor([1, 2, 3]);
    await nn.saveSafetensors(path, { a });
    await nn.saveSafetensors(path, { a, b: a });
    expect(readdirSync(dir).filter((f) => f.includes('model'))).toEqual(['model.safetensors']);
    const { tensors } = await nn.loadSafetensors(path);
    expect([...tensors.keys()]).toEqual(['a', 'b']);
    tensors.forEach((t) => t.dispose());
    a.dispose();
  });

  it('a failed save leaves the previous file intact', async () => {
    const path = join(dir, 'keep.safetensors');
    const a = tensor([1, 2, 3]);
    await nn.saveSafetensors(path, { a });
    const before = readFileSync(path);
    const gone = tensor([4]);
    gone.dispose();
    await expect(nn.saveSafetensors(path, { a, gone })).rejects.toThrow(/disposed/);
    await expect(nn.writeFileAtomic(join(dir, 'missing-dir', 'x.safetensors'), new Uint8Array(8))).rejects.toThrow();
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    a.dispose();
  });
});
