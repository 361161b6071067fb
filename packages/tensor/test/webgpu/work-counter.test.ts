import { describe, expect, it } from 'vitest';
import type { View } from '../../src/backend.js';
import type { WebGPUBackend } from '../../src/backends/webgpu/index.js';
import { Fields } from '../../src/backends/webgpu/kernels/gemm-uniforms.js';
import { CLOSE_TILE_LOOP, addTileFields, openTileLoop, workCounterDecl } from '../../src/backends/webgpu/kernels/work-tiles.js';
import { DISPATCHES_PER_SUBMIT } from '../../src/backends/webgpu/runtime.js';
import type { GPUStorage } from '../../src/backends/webgpu/storage.js';
import { gpu } from '../support/backends.js';

/**
 * A dispatch of `workgroups` that takes the tiles of `grid` from its work counter and
 * counts, per tile, how often it was taken (into hits[z·XY + y·X + x], from the tile's
 * coordinates, so a wrong coordinate mapping shows as a 0 and a 2).
 */
function countTiles(g: WebGPUBackend, hits: GPUBuffer, grid: [number, number, number], workgroups: [number, number, number], wg: number): void {
  const f = new Fields();
  addTileFields(f, grid);
  f.add('X', grid[0]).add('XY', grid[0] * grid[1]);
  g.rt.dispatch({
    key: `test:count-tiles:${wg}`,
    code: () => `${f.wgsl()}
@group(0) @binding(1) var<storage, read_write> hits: array<atomic<i32>>;
${workCounterDecl(2)}
@compute @workgroup_size(${wg})
fn main(@builtin(local_invocation_index) li: u32) {
  ${openTileLoop('t')}
  if (li == 0u) { atomicAdd(&hits[i32(t.z) * u_XY() + i32(t.y) * u_X() + i32(t.x)], 1); }
  ${CLOSE_TILE_LOOP}
}`,
    uniforms: f.words(),
    buffers: [{ buffer: hits, write: true }],
    counter: true,
    workgroups,
  });
}

async function hitsOf(g: WebGPUBackend, s: View['storage'], n: number): Promise<number[]> {
  return Array.from(await g.read({ storage: s, dtype: 'int32', shape: [n], strides: [1], offset: 0 }));
}

describe.skipIf(!gpu)('work counters', () => {
  const g = gpu as WebGPUBackend;
  const storage = (n: number) => {
    const s = g.full(n, 0, 'int32') as GPUStorage;
    return { s, buffer: s.buffer };
  };

  it('start every dispatch at zero: each tile taken once per dispatch, within and across submissions', async () => {
    const grid: [number, number, number] = [5, 3, 2];
    const n = grid[0] * grid[1] * grid[2];
    const { s, buffer } = storage(n);
    const submits = g.rt.stats.submits;
    // Several full submissions (automatic submits) and a partial one.
    const dispatches = Math.max(300, DISPATCHES_PER_SUBMIT * 2 + 3);
    // As many workgroups as tiles (a GPU's shape), fewer, or one that takes every tile.
    const shapes: [number, number, number][] = [grid, [2, 1, 1], [1, 1, 1]];
    for (let d = 0; d < dispatches; d++) countTiles(g, buffer, grid, shapes[d % 3], d % 2 ? 8 : 64);
    expect(g.rt.stats.submits - submits).toBeGreaterThanOrEqual(2);
    expect(await hitsOf(g, s, n)).toEqual(new Array(n).fill(dispatches));
    g.free(s);
  });

  it.skipIf(!g?.device.features.has('timestamp-query'))('start at zero while profiling (a pass per dispatch, submits between)', async () => {
    const grid: [number, number, number] = [7, 1, 1];
    const { s, buffer } = storage(7);
    g.rt.startProfile();
    for (let d = 0; d < 5; d++) countTiles(g, buffer, grid, [3, 1, 1], 8);
    await g.rt.stopProfile();
    expect(await hitsOf(g, s, 7)).toEqual(new Array(7).fill(5));
    g.free(s);
  });
});
