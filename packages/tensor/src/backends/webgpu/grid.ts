/**
 * Workgroup grids. A dispatch may have at most 65535 workgroups per dimension, so a
 * flat count is folded into x·y(·z); shaders rebuild the flat index with
 * `flatWorkgroupIndex` and must skip indices ≥ the real count (x·y·z may exceed it).
 */

export const MAX_WORKGROUPS_PER_DIM = 65535;

export function gridFor(nWorkgroups: number): [number, number, number] {
  const n = Math.max(1, Math.ceil(nWorkgroups));
  if (n <= MAX_WORKGROUPS_PER_DIM) return [n, 1, 1];
  const y = Math.ceil(n / MAX_WORKGROUPS_PER_DIM);
  if (y <= MAX_WORKGROUPS_PER_DIM) return [Math.ceil(n / y), y, 1];
  const z = Math.ceil(y / MAX_WORKGROUPS_PER_DIM);
  return [MAX_WORKGROUPS_PER_DIM, Math.ceil(y / z), z];
}

/**
 * Builtin parameters for a compute entry point that uses `flatWorkgroupIndex`:
 * `@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>`.
 */
export const WORKGROUP_BUILTINS = '@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>';

/** WGSL expression (u32) of the flat workgroup index, given the builtins above. */
export const flatWorkgroupIndex = '(wid.x + nwg.x * (wid.y + nwg.y * wid.z))';
