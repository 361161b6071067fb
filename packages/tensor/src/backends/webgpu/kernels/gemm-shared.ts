/**
 * The shared-memory variant of the GEMM template (the classic GPU tiling):
 *   out[b, m, n] = Σ_k loadA(b, m, k) · loadB(b, k, n), written by store(b, m, n, acc).
 *
 * A workgroup owns a TM×TN block of outputs; each invocation accumulates RM×RN of them
 * in registers (rows ty + i·WY, columns tx + j·WX, so neighbouring invocations read
 * neighbouring shared-memory words). The K loop stages TK-deep slices of A and B in
 * workgroup memory between barriers. When M, N and K are multiples of the tile, the
 * `fit` form drops every bounds check (a separate pipeline).
 */
import { WORKGROUP_BUILTINS, flatWorkgroupIndex, gridFor } from '../grid.js';
import type { GPURuntime } from '../runtime.js';
import type { Elem, GemmRun } from './gemm.js';
import { DIVQ_INT } from './conv-geometry.js';

export interface GemmTile {
  /** Outputs per workgroup along M and N. */
  tm: number;
  tn: number;
  /** Depth of one shared-memory K slice. */
  tk: number;
  /** Outputs per invocation along M and N. */
  rm: number;
  rn: number;
}

export const TILE_64: GemmTile = { tm: 64, tn: 64, tk: 16, rm: 4, rn: 4 };
export const TILE_32: GemmTile = { tm: 32, tn: 32, tk: 16, rm: 2, rn: 2 };

/** Small problems get smaller tiles so a workgroup is not mostly idle bounds checks. */
export function chooseTile(m: number, n: number): GemmTile {
  return m >= 64 && n >= 64 ? TILE_64 : TILE_32;
}

export function tileName(t: GemmTile): string {
  return `${t.tm}x${t.tn}x${t.tk}r${t.rm}x${t.rn}`;
}

/** True when every tile is full, so the kernel can skip its bounds checks. */
export function tileFits(t: GemmTile, m: number, n: number, k: number): boolean {
  return m % t.tm === 0 && n % t.tn === 0 && k % t.tk === 0;
}

/**
 * The whole WGSL module. `header` declares the uniforms (including the core fields
 * M, N, K, mTiles, nTiles, tiles, tk pushed by runGemm) and `operands` the buffers and the
 * four snippet functions.
 */
export function gemmWGSL(t: GemmTile, elem: Elem, header: string, operands: string, fit = false): string {
  const wx = t.tn / t.rn;
  const wy = t.tm / t.rm;
  const threads = wx * wy;
  const aLoads = (t.tm * t.tk) / threads;
  const bLoads = (t.tn * t.tk) / threads;
  if (!Number.isInteger(aLoads) || !Number.isInteger(bLoads)) throw new Error(`gemm: tile ${tileName(t)} does not divide its loads evenly`);
  const rows = [...Array(t.rm).keys()];
  const cols = [...Array(t.rn).keys()];
  const zero = `${elem}(0)`;
  // Fully unrolled register block: scalar accumulators avoid dynamic array indexing.
  const accDecl = rows.flatMap((i) => cols.map((j) => `var c${i}_${j} = ${zero};`)).join('\n  ');
  const aReads = rows.map((i) => `let a${i} = tileA[kk * TM + ty + ${i * wy}];`).join('\n      ');
  const bReads = cols.map((j) => `let b${j} = tileB[kk * TN + tx + ${j * wx}];`).join('\n      ');
  const fmas = rows.flatMap((i) => cols.map((j) => `c${i}_${j} = c${i}_${j} + a${i} * b${j};`)).join('\n      ');
  const stores = rows
    .flatMap((i) =>
      cols.map((j) => {
        const st = `store(b, m0 + ${i * wy}, n0 + ${j * wx}, c${i}_${j});`;
        return fit ? st : `if (m0 + ${i * wy} < M && n0 + ${j * wx} < N) { ${st} }`;
      }),
    )
    .join('\n  ');
  return `${header}
${DIVQ_INT}
${operands}
const TM = ${t.tm};
const TN = ${t.tn};
const TK = ${t.tk};
const THREADS = ${threads};
var<workgroup> tileA: array<${elem}, ${t.tk * t.tm}>; // [k][m]
var<workgroup> tileB: array<${elem}, ${t.tk * t.tn}>; // [k][n]

@compute @workgroup_size(${wx}, ${wy}, 1)
fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(local_invocation_index) li: u32, ${WORKGROUP_BUILTINS}) {
  let flat = i32(${flatWorkgroupIndex});
  if (flat >= u_tiles()) { return; }
  let nt = flat % u_nTiles();
  let rest = flat / u_nTiles();
  let mt = rest % u_mTiles();
  let b = rest / u_mTiles();
  let M = u_M();
  let N = u_N();
  let K = u_K();
  let tx = i32(lid.x);
  let ty = i32(lid.y);
  let t = i32(li);
  let mBase = mt * TM;
  let nBase = nt * TN;
  gemmSetup(b);
  ${accDecl}
  for (var k0 = 0; k0 < K; k0 = k0 + TK) {
    for (var r = 0; r < ${aLoads}; r = r + 1) {
      let e = t + r * THREADS;
      let kk = e % TK;
      let mm = e / TK;
      var v = ${zero};
      ${fit ? 'v = loadA(b, mBase + mm, k0 + kk);' : 'if (mBase + mm < M && k0 + kk < K) { v = loadA(b, mBase + mm, k0 + kk); }'}
      tileA[kk * TM + mm] = v;
    }
    for (var r = 0; r < ${bLoads}; r = r + 1) {
      let e = t + r * THREADS;
      let nn = e % TN;
      let kk = e / TN;
      var v = ${zero};
      ${fit ? 'v = loadB(b, k0 + kk, nBase + nn);' : 'if (k0 + kk < K && nBase + nn < N) { v = loadB(b, k0 + kk, nBase + nn); }'}
      tileB[kk * TN + nn] = v;
    }
    workgroupBarrier();
    // The bound is read from a uniform (always TK) so LLVM keeps this loop rolled:
    // unrolled, lavapipe's compile time tripled (to seconds per pipeline) for no speed.
    for (var kk = 0; kk < u_tk(); kk = kk + 1) {
      ${aReads}
      ${bReads}
      ${fmas}
    }
    workgroupBarrier();
  }
  let m0 = mBase + ty;
  let n0 = nBase + tx;
  ${stores}
}
`;
}

/** Records the shared-memory GEMM for `g` with tile `t`. */
export function runSharedGemm(rt: GPURuntime, g: GemmRun, t: GemmTile): void {
  const mTiles = Math.ceil(g.m / t.tm);
  const nTiles = Math.ceil(g.n / t.tn);
  const tiles = mTiles * nTiles * g.batch;
  if (tiles === 0) return;
  const fit = tileFits(t, g.m, g.n, g.k);
  const f = g.fields;
  f.add('M', g.m).add('N', g.n).add('K', g.k).add('mTiles', mTiles).add('nTiles', nTiles).add('tiles', tiles).add('tk', t.tk);
  rt.dispatch({
    key: `gemm:${g.key}:${g.elem}:${tileName(t)}${fit ? ':fit' : ''}`,
    code: () => gemmWGSL(t, g.elem, f.wgsl(), g.operands(), fit),
    uniforms: f.words(),
    buffers: g.buffers,
    workgroups: gridFor(tiles),
  });
}
