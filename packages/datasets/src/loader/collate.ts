import { tensor, type DType, type Tensor } from '@prior/tensor';
import { ConfigError } from '../errors.js';
import type { Image } from '../images/image.js';
import { toCHW } from '../images/transforms/to-tensor.js';

/** An n-d host array with its shape, e.g. a segmentation mask `{ data, shape: [H, W] }`. */
export interface HostArray {
  data: Float32Array | Float64Array | Int32Array | Uint8Array;
  shape: number[];
}

/** A collated batch: tensors for numeric fields, plain arrays for everything else. */
export type Batch = Record<string, Tensor | unknown[]>;

export interface CollateOptions {
  /** Force a field's dtype (e.g. `{ label: 'int32' }`); numbers default to float32. */
  dtypes?: Record<string, DType>;
}

const isImage = (v: unknown): v is Image =>
  typeof v === 'object' && v !== null && 'width' in v && 'height' in v && 'channels' in v && (v as Image).data instanceof Float32Array;
const isHostArray = (v: unknown): v is HostArray =>
  typeof v === 'object' && v !== null && 'shape' in v && Array.isArray((v as HostArray).shape) && ArrayBuffer.isView((v as HostArray).data);
const isNumArray = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => typeof x === 'number');
const isRagged = (v: unknown): v is number[][] => Array.isArray(v) && v.every(isNumArray);

/**
 * Stacks records field by field:
 * - Image → float32 [B,C,H,W]; HostArray → [B, ...shape];
 * - Int32Array → int32 [B,L]; other typed arrays and number[] → float32 [B,L];
 * - number → float32 [B]; boolean → bool [B];
 * - number[][] of varying length (boxes) → float32 [B, maxN, K] zero-padded, plus
 *   `<field>Count` int32 [B] with each record's count (all empty: [B, 0, 0]);
 * - anything else (ids, paths, text) → an array, unchanged.
 * Sizes that disagree between records are an error naming the field and records.
 */
export function collate(records: readonly Record<string, unknown>[], opts: CollateOptions = {}): Batch {
  if (records.length === 0) throw new ConfigError('collate: no records');
  const out: Batch = {};
  const keys = Object.keys(records[0]);
  records.forEach((r, i) => {
    const k = Object.keys(r);
    if (k.length !== keys.length || k.some((x) => !keys.includes(x))) {
      throw new ConfigError(`collate: record ${i} has fields [${k.join(', ')}], record 0 has [${keys.join(', ')}]`);
    }
  });
  for (const key of keys) {
    const vals = records.map((r) => r[key]);
    const dtype = opts.dtypes?.[key];
    const v0 = vals[0];
    if (vals.every(isImage)) out[key] = stackImages(key, vals);
    else if (vals.every(isHostArray)) out[key] = stackArrays(key, vals.map((v) => v.data), v0 ? (v0 as HostArray).shape : [], dtype);
    else if (vals.every((v) => ArrayBuffer.isView(v))) {
      out[key] = stackArrays(key, vals as HostArray['data'][], [(v0 as HostArray['data']).length], dtype);
    } else if (vals.every((v) => typeof v === 'number')) {
      out[key] = tensor(vals as number[], { dtype: dtype ?? 'float32' });
    } else if (vals.every((v) => typeof v === 'boolean')) {
      out[key] = tensor(vals as boolean[], { dtype: 'bool' });
    } else if (vals.every(isNumArray) && new Set(vals.map((v) => v.length)).size === 1) {
      out[key] = stackArrays(key, vals.map((v) => Float32Array.from(v)), [(v0 as number[]).length], dtype);
    } else if (vals.every(isRagged) && vals.every((v) => Array.isArray(v))) {
      Object.assign(out, padRagged(key, vals, dtype));
    } else out[key] = vals;
  }
  return out;
}

function stackImages(key: string, imgs: Image[]): Tensor {
  const { width: W, height: H, channels: C } = imgs[0];
  const n = C * H * W;
  const data = new Float32Array(imgs.length * n);
  imgs.forEach((img, i) => {
    if (img.width !== W || img.height !== H || img.channels !== C) {
      throw new ConfigError(
        `collate: field "${key}" is ${W}x${H}x${C} in record 0 but ${img.width}x${img.height}x${img.channels} in record ${i}`,
      );
    }
    toCHW(img, data, i * n);
  });
  return tensor(data, { shape: [imgs.length, C, H, W], dtype: 'float32' });
}

function stackArrays(key: string, arrs: HostArray['data'][], shape: number[], dtype?: DType): Tensor {
  const n = arrs[0].length;
  const dt = dtype ?? (arrs[0] instanceof Int32Array ? 'int32' : 'float32');
  const data = dt === 'int32' ? new Int32Array(arrs.length * n) : dt === 'bool' ? new Uint8Array(arrs.length * n) : new Float32Array(arrs.length * n);
  arrs.forEach((a, i) => {
    if (a.length !== n) throw new ConfigError(`collate: field "${key}" has ${n} values in record 0 but ${a.length} in record ${i}`);
    data.set(a, i * n);
  });
  return tensor(data, { shape: [arrs.length, ...shape], dtype: dt });
}

function padRagged(key: string, vals: number[][][], dtype?: DType): Record<string, Tensor> {
  const maxN = Math.max(...vals.map((v) => v.length));
  const K = vals.find((v) => v.length > 0)?.[0].length ?? 0; // all empty: [B, 0, 0]
  const data = new Float32Array(vals.length * maxN * K);
  vals.forEach((rows, i) =>
    rows.forEach((row, j) => {
      if (row.length !== K) throw new ConfigError(`collate: field "${key}" row ${j} of record ${i} has ${row.length} values, expected ${K}`);
      data.set(row, (i * maxN + j) * K);
    }),
  );
  return {
    [key]: tensor(data, { shape: [vals.length, maxN, K], dtype: dtype ?? 'float32' }),
    [`${key}Count`]: tensor(Int32Array.from(vals, (v) => v.length), { shape: [vals.length], dtype: 'int32' }),
  };
}
