/**
 * Tiles taken from a work counter (`Dispatch.counter`, work-counter.ts) instead of fixed
 * by `workgroup_id`: each workgroup loops, taking the next tile until none are left.
 * Tiles go out in the order workgroup ids would have (x fastest), so neighbours in time
 * still share operands in cache.
 *
 * The dispatch keeps one workgroup per tile, so where every workgroup runs at once (a
 * GPU) each takes about one tile; on lavapipe, which splits the workgroups into one
 * fixed block per thread, the first workgroups of each block take the tiles as fast as
 * their thread runs and the rest find none.
 *
 * The kernel needs `@builtin(local_invocation_index) li: u32` and the uniforms that
 * `addTileFields` adds; its body goes between `openTileLoop` and `CLOSE_TILE_LOOP`.
 */
import type { Fields } from './gemm-uniforms.js';

/** The counter binding and the workgroup word that hands each tile to every invocation. */
export function workCounterDecl(binding: number): string {
  return `@group(0) @binding(${binding}) var<storage, read_write> work: atomic<u32>;
var<workgroup> nextTile: u32;`;
}

/** Uniforms for a grid of [x, y, z] tiles. */
export function addTileFields(f: Fields, grid: readonly [number, number, number]): void {
  const [x, y, z] = grid;
  f.add('tilesX', x, 'u32').add('tilesXY', x * y, 'u32').add('tiles', x * y * z, 'u32');
}

/** Opens the loop and defines `name: vec3<u32>`, the tile's coordinates, as workgroup_id would be. */
export function openTileLoop(name: string): string {
  return `loop {
  if (li == 0u) { nextTile = atomicAdd(&work, 1u); }
  let tile = workgroupUniformLoad(&nextTile);
  if (tile >= u_tiles()) { break; }
  let ${name} = vec3<u32>(tile % u_tilesX(), tile % u_tilesXY() / u_tilesX(), tile / u_tilesXY());`;
}

/** Closes the loop; the barrier keeps invocation 0 from taking the next tile before all have read this one. */
export const CLOSE_TILE_LOOP = `workgroupBarrier();
  }`;
