/**
 * The texture-operand variant of the GEMM template, for software rasterisers such as
 * lavapipe, where a storage-buffer load with a computed address becomes a per-lane
 * loop with a bounds check per component, but one `textureLoad` of an rgba32float
 * texel fetches four floats for all lanes in one call.
 *
 * Two pack dispatches run the caller's `loadA`/`loadB` snippets (strides, im2col
 * index math, zero padding) once per element and write the operands into textures:
 *   TA[b·Mp + m][k/4]  (four consecutive k of row m in one texel)
 *   TB[(b·NP + p)·Kp + k][n/4 − TN4·p]  (B in column panels p of TN4 texels, NP = Np4/TN4)
 * padded with zeros to whole tiles (Mp, Kp = 4·K4, 4·Np4), so the GEMM loop has no
 * bounds checks at all. The panel layout puts the B texels one workgroup reads over k
 * next to each other in memory (512 bytes per k): with whole rows of B, consecutive k
 * were a row pitch apart, a new page for each k once N ≥ 1024, and a CPU profile of
 * lavapipe showed the texel loads stalling (medians of 12 alternated runs, 1024³:
 * 24.2 / 35.6 / 34.0 → 27.1 / 36.2 / 37.2 GFLOP/s; 2048³ 32.8 → 37.8). An operand that
 * is already a plain row-major matrix of whole texel rows is copied in instead of
 * packed, and a broadcast one (batch stride 0) fills one batch that every batch reads
 * (gemm-texture-copy.ts). The GEMM reads the textures as texture-read.ts chooses
 * (read-only storage or sampled). Each invocation keeps an RM×(4·RNV) block of outputs in
 * vec4 registers; per four k it reads RM texels of A and 4·RNV of B. Rows are spread
 * over array layers of ROWS_PER_LAYER (a power of two, so layer and row are a shift
 * and a mask; tiles never straddle layers), which keeps every texture within the
 * default 8192 limit. Results go through the caller's `store`, bounds-checked unless
 * the shape fits the tile (separate pipeline). Workgroups take their tiles from a work
 * counter (work-tiles.ts), so a slower lavapipe thread does not leave the other idle at
 * the end (1024³, medians of 9 alternated runs: 25.1 → 28.2 GFLOP/s; 1.55–1.86 → 1.88–1.94
 * cores busy).
 *
 * Subgroup form (adapters whose subgroups are exactly SUBGROUP lanes, e.g. lavapipe):
 * a workgroup is one subgroup in a row, so its lanes share their RM rows of A. Each
 * lane fetches RM/8 of those texels and `subgroupBroadcast` (a register shuffle) hands
 * every row to every lane: RM/8 + 4·RNV fetches per four k instead of RM + 4·RNV.
 * On lavapipe each textureLoad is a call into a separately compiled texel-fetch
 * function (which also clobbers every vector register), and a fetch-only copy of the
 * plain loop took about 60% of the full loop's time.
 */
import { WORKGROUP_BUILTINS, flatWorkgroupIndex, gridFor } from '../grid.js';
import type { GPURuntime } from '../runtime.js';
import { envChoice } from '../env-choice.js';
import type { GemmRun } from './gemm.js';
import { texturePool } from './texture-pool.js';
import { DIVQ_INT } from './conv-geometry.js';
import { MAX_PANEL_COPIES, type RowOperand, copyable, copyPanels, copyRows } from './gemm-texture-copy.js';
import { SUBGROUP, subgroupShareWGSL } from './subgroup-share.js';
import { type TextureRead, textureRead, textureReadDecl, textureReadLoad } from './texture-read.js';
import { CLOSE_TILE_LOOP, addTileFields, openTileLoop, workCounterDecl } from './work-tiles.js';

const RNV = 4;
const WX = 8;
const WY = 8;
/** Texel columns per workgroup. */
const TN4 = RNV * WX;

/**
 * Output rows per invocation. Texture fetches bound this loop on lavapipe: RM rows
 * cost RM + 4·RNV fetches per 16·RM·RNV multiply-adds, so taller blocks amortise the
 * B fetches better (16 rows: 32 fetches per 1024, against 20 per 256 with 4 rows),
 * while shorter ones waste less padding on short matrices.
 */
export function textureRm(m: number): number {
  return m >= 128 ? 16 : m >= 64 ? 8 : 4;
}

/**
 * Output rows per invocation in the subgroup form (whole groups of SUBGROUP rows,
 * which it broadcasts). Every lane fetches its own 4·RNV texels of B per four k, and
 * each feeds RM rows, so taller blocks fetch less per multiply-add: 64 rows take
 * 8 + 16 fetches per 4096, 16 rows 2 + 16 per 1024. LLVM needs about 7.7 s to compile
 * the 64-row block on lavapipe (16 rows: 0.7 s; Mesa's disk cache keeps it across
 * processes), so only products large enough to repay that take it. Medians of
 * alternated runs: 1024³ 20.1–21.2 → 23.8–25.7 GFLOP/s, 512³ 16.0–16.2 → 18.2–19.5,
 * [1024,768]·[768,768] 18.1–20.2 → 22.2–24.3.
 */
export function subgroupRm(g: Pick<GemmRun, 'm' | 'n' | 'k'>): number {
  if (g.m >= 512 && g.n >= 256 && g.k >= 256) return 64;
  return Math.max(SUBGROUP, textureRm(g.m));
}
export type TextureGemmForm = 'plain' | 'subgroup';
let forcedForm: TextureGemmForm | null = null;

/** Pins the texture GEMM's form (tests); null chooses by adapter. */
export function forceTextureGemmForm(f: TextureGemmForm | null): void {
  forcedForm = f;
}

/** The subgroup form needs the feature on the device and subgroups of exactly SUBGROUP lanes. */
export function subgroupFormSupported(rt: GPURuntime): boolean {
  const l = rt.owner.info().limits ?? {};
  return rt.device.features.has('subgroups') && l.subgroupMinSize === SUBGROUP && l.subgroupMaxSize === SUBGROUP;
}

/**
 * forceTextureGemmForm, else PRIOR_TEXTURE_GEMM_FORM=plain|subgroup (A/B timing), else
 * the subgroup form where supported. The texture convolutions (forward, both gradients) follow it too.
 */
export function textureForm(rt: GPURuntime): TextureGemmForm {
  const env = envChoice<TextureGemmForm>('PRIOR_TEXTURE_GEMM_FORM', ['plain', 'subgroup']);
  const want = forcedForm ?? env;
  if (want === 'plain' || !subgroupFormSupported(rt)) return 'plain';
  return 'subgroup';
}

const LAYER_SHIFT = 13;
const ROWS_PER_LAYER = 1 << LAYER_SHIFT;
/** WebGPU's default limits, which every adapter offers. */
const MAX_WIDTH = 8192;
const MAX_LAYERS = 256;
const PACK_WG = 64;

interface Dims {
  form: TextureGemmForm;
  rm: number;
  /** Output rows per workgroup. */
  tm: number;
  k4: number;
  mp: number;
  kp: number;
  np4: number;
  /** Column panels of B (np4 / TN4). */
  np: number;
}

function dims(g: Pick<GemmRun, 'm' | 'n' | 'k'>, form: TextureGemmForm = 'plain'): Dims {
  const k4 = Math.ceil(g.k / 4);
  const rm = form === 'subgroup' ? subgroupRm(g) : textureRm(g.m);
  const tm = form === 'subgroup' ? rm : rm * WY;
  const np = Math.ceil(g.n / 4 / TN4);
  return { form, rm, tm, k4, kp: k4 * 4, mp: Math.ceil(g.m / tm) * tm, np4: np * TN4, np };
}

/** Whether this GEMM fits the texture limits (otherwise another variant runs it). */
export function textureGemmApplies(g: Pick<GemmRun, 'elem' | 'batch' | 'm' | 'n' | 'k'>): boolean {
  if (g.elem !== 'f32') return false;
  return fits(g, dims(g));
}

function fits(g: Pick<GemmRun, 'batch' | 'k'>, d: Dims): boolean {
  if (g.batch > 65535 || g.k === 0) return false;
  const layers = (rows: number): number => Math.ceil(rows / ROWS_PER_LAYER);
  return d.k4 <= MAX_WIDTH && d.np <= 65535 && d.mp / d.tm <= 65535 && layers(g.batch * d.mp) <= MAX_LAYERS && layers(g.batch * d.np * d.kp) <= MAX_LAYERS;
}

const range = (n: number): number[] => [...Array(n).keys()];

function packWGSL(header: string, operands: string, binding: number, which: 'A' | 'B'): string {
  // A: texel (k4, row b·Mp + m); B: texel (n4 − TN4·p, row (b·NP + p)·Kp + k). Four scalar loads per texel.
  const [width, rows, bound, inner, outer, load] =
    which === 'A' ? ['u_K4()', 'u_Mp()', 'u_M()', 'k', 'm', 'loadA(b, m, k + '] : [`${TN4}`, 'u_Kp()', 'u_K()', 'n', 'k', 'loadB(b, k, n + '];
  const innerBound = which === 'A' ? 'u_K()' : 'u_N()';
  const comps = ['x', 'y', 'z', 'w'].map((c, i) => `if (${inner} + ${i} < ${innerBound}) { v.${c} = ${load}${i}); }`).join('\n    ');
  return `${header}
${DIVQ_INT}
${operands}
@group(0) @binding(${binding}) var T: texture_storage_2d_array<rgba32float, write>;
@compute @workgroup_size(${PACK_WG})
fn main(@builtin(local_invocation_index) li: u32, ${WORKGROUP_BUILTINS}) {
  let t = i32(${flatWorkgroupIndex} * ${PACK_WG}u + li);
  if (t >= u_pack${which}()) { return; }
  let tq = divq(t, ${width});
  let c4 = tq.y;
  let r = tq.x;
  let rq = divq(r, ${rows});
  let ${outer} = rq.y;
  ${which === 'A' ? 'let b = rq.x;\n  let k = c4 * 4;' : `let pq = divq(rq.x, u_NP());\n  let b = pq.x;\n  let n = (pq.y * ${TN4} + c4) * 4;`}
  gemmSetup(b);
  var v = vec4<f32>(0.0);
  if (${outer} < ${bound}) {
    ${comps}
  }
  textureStore(T, vec2<i32>(c4, r & ${ROWS_PER_LAYER - 1}), r >> ${LAYER_SHIFT}u, v);
}
`;
}

function gemmTextureWGSL(header: string, operands: string, binding: number, fit: boolean, rm: number, form: TextureGemmForm, read: TextureRead): string {
  const R = range(rm);
  const C = range(RNV);
  const sg = form === 'subgroup';
  const acc = R.map((i) => C.map((j) => `var c${i}_${j} = vec4<f32>(0.0);`).join(' ')).join('\n  ');
  // Subgroup form: lane l fetches rows l, 8 + l, ...; row i then comes from lane i % 8.
  const aLoads = sg
    ? subgroupShareWGSL(rm, (h) => textureReadLoad('TA', `vec2<i32>(k, aY + ${h * SUBGROUP} + lane)`, 'aL', read), (i) => `a${i}`).join('\n    ')
    : R.map((i) => `let a${i} = ${textureReadLoad('TA', `vec2<i32>(k, aY + ${i})`, 'aL', read)};`).join('\n    ');
  const bLoads = range(4)
    .map((kk) => C.map((j) => `let b${kk}_${j} = ${textureReadLoad('TB', `vec2<i32>(c4 + ${j}, bY + ${kk})`, 'bL', read)};`).join(' '))
    .join('\n    ');
  // One vector add per accumulator per four k: a register written inside the loop
  // costs a masked blend on lavapipe, so it is written once per iteration.
  const fmas = R.map((i) => C.map((j) => `c${i}_${j} = c${i}_${j} + a${i}.x * b0_${j} + a${i}.y * b1_${j} + a${i}.z * b2_${j} + a${i}.w * b3_${j};`).join('\n    ')).join('\n    ');
  // Results leave through one rolled loop (uniform bound): 64 to 256 inlined stores
  // dominated lavapipe's compile time.
  const keep = R.flatMap((i) => C.map((j) => `res[${i * RNV + j}] = c${i}_${j};`)).join('\n  ');
  const st = 'store(b, m + i, col, res[t / 4][t % 4]);';
  return `${sg ? 'enable subgroups;\n' : ''}${header}
${DIVQ_INT}
${operands}
${workCounterDecl(binding)}
${textureReadDecl('TA', binding + 1, read)}
${textureReadDecl('TB', binding + 2, read)}
@compute @workgroup_size(${WX}, ${sg ? 1 : WY}, 1)
fn main(@builtin(local_invocation_index) li: u32, @builtin(local_invocation_id) lid: vec3<u32>${sg ? ', @builtin(subgroup_invocation_id) sl: u32' : ''}) {
  ${openTileLoop('wid')}
  let b = i32(wid.z);${sg ? '\n  let lane = i32(sl);' : ''}
  let n4 = i32(wid.y * ${WX}u + lid.x) * ${RNV};
  let m = i32(wid.x * ${sg ? 1 : WY}u + lid.y) * ${rm};
  let M = u_M();
  let N = u_N();
  gemmSetup(b);
  let aRow = b * u_aBR() + m;
  let aL = aRow >> ${LAYER_SHIFT}u;
  let aY = aRow & ${ROWS_PER_LAYER - 1};
  let bRow = b * u_bBR() + i32(wid.y) * u_Kp();
  let c4 = i32(lid.x) * ${RNV};
  ${acc}
  for (var k = 0; k < u_K4(); k = k + 1) {
    let r = bRow + k * 4;
    let bL = r >> ${LAYER_SHIFT}u;
    let bY = r & ${ROWS_PER_LAYER - 1};
    ${aLoads}
    ${bLoads}
    ${fmas}
  }
  var res: array<vec4<f32>, ${rm * RNV}>;
  ${keep}
  for (var t = 0; t < u_blockOut(); t = t + 1) {
    let i = t / ${4 * RNV};
    let col = n4 * 4 + t % ${4 * RNV};
    ${fit ? st : `if (m + i < M && col < N) { ${st} }`}
  }
  ${CLOSE_TILE_LOOP}
}
`;
}

/**
 * Records the operand packs (or copies, gemm-texture-copy.ts) and the GEMM (the
 * caller checked textureGemmApplies). A broadcast operand fills one batch of its
 * texture; the GEMM's per-batch row stride for it (aBR, bBR) is then 0.
 */
export function runTextureGemm(rt: GPURuntime, g: GemmRun): void {
  const sgDims = textureForm(rt) === 'subgroup' ? dims(g, 'subgroup') : null;
  // Shorter tiles mean more workgroup rows: fall back to the plain form past the grid limit.
  const d = sgDims && fits(g, sgDims) ? sgDims : dims(g);
  const bcast = (op: RowOperand | undefined): boolean => g.batch > 1 && op?.batchStride === 0;
  const [batchA, batchB] = [bcast(g.rows?.a) ? 1 : g.batch, bcast(g.rows?.b) ? 1 : g.batch];
  const packA = batchA * d.mp * d.k4;
  const packB = batchB * d.kp * d.np4;
  if (packA === 0 || packB === 0) return;
  const fit = g.m % d.tm === 0 && g.n % (4 * TN4) === 0;
  const read = textureRead(rt);
  const f = g.fields;
  f.add('M', g.m).add('N', g.n).add('K', g.k).add('K4', d.k4).add('Kp', d.kp).add('Mp', d.mp).add('NP', d.np);
  f.add('packA', packA).add('packB', packB).add('blockOut', d.rm * RNV * 4);
  f.add('aBR', batchA === 1 ? 0 : d.mp).add('bBR', batchB === 1 ? 0 : d.np * d.kp);
  const grid = [d.mp / d.tm, d.np4 / TN4, g.batch] as const;
  addTileFields(f, grid);
  const words = f.words();
  const binding = g.buffers.length + 1;
  const layers = (rows: number): number => Math.ceil(rows / ROWS_PER_LAYER);
  const texRows = (rows: number): number => Math.min(rows, ROWS_PER_LAYER);
  const pool = texturePool(rt);
  const ta = pool.acquire(d.k4, texRows(batchA * d.mp), layers(batchA * d.mp));
  const bRows = batchB * d.np * d.kp;
  const tb = pool.acquire(TN4, texRows(bRows), layers(bRows));
  // An operand to copy: A is M rows of K per batch into Mp rows of K4 texels, B K rows of N into Kp rows of Np4 (in panels).
  const copyOf = (op: RowOperand | undefined, rows: number, cols: number, padRows: number, texels: number): RowOperand | null =>
    op && copyable(op, g.batch, rows, cols, padRows, texels) ? op : null;
  const copyA = copyOf(g.rows?.a, g.m, g.k, d.mp, d.k4);
  const copyB = batchB * d.np <= MAX_PANEL_COPIES ? copyOf(g.rows?.b, g.k, g.n, d.kp, d.np4) : null;
  const ops = [
    ['A', ta, packA, copyA && (() => copyRows(rt, copyA, ta, batchA * d.mp, d.k4, ROWS_PER_LAYER))],
    ['B', tb, packB, copyB && (() => copyPanels(rt, copyB, tb, batchB, d.kp, d.np4, TN4, ROWS_PER_LAYER))],
  ] as const;
  for (const [which, tex, n, copy] of ops) {
    if (copy) {
      copy();
      continue;
    }
    rt.dispatch({
      key: `gemm-pack${which}:${g.key}`,
      code: () => packWGSL(f.wgsl(), g.operands(), binding, which),
      uniforms: words,
      buffers: g.buffers,
      textures: [{ texture: tex, write: true }],
      workgroups: gridFor(Math.ceil(n / PACK_WG)),
    });
  }
  rt.dispatch({
    key: `gemm-tex:${g.key}:${d.form}:${d.rm}x${RNV * 4}${fit ? ':fit' : ''}:${read}`,
    code: () => gemmTextureWGSL(f.wgsl(), g.operands(), binding, fit, d.rm, d.form, read),
    uniforms: words,
    buffers: g.buffers,
    counter: true,
    textures: [{ texture: ta, storage: read === 'storage' }, { texture: tb, storage: read === 'storage' }],
    // x walks the row blocks, so consecutive tiles read the same column panel of B
    // from cache (2048³: 15.7–17.9 → 18.9–29.3 GFLOP/s over five alternated runs; 1024³ alike).
    workgroups: grid,
  });
  pool.release(ta);
  pool.release(tb);
}
