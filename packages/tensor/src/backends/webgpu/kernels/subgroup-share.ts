/**
 * Sharing workgroup-uniform fetches over an 8-lane subgroup. On lavapipe a texture
 * fetch is a call per lane whatever its address, so values every lane needs are fetched
 * once per subgroup instead: lane l fetches values l, 8 + l, 16 + l, ... and
 * `subgroupBroadcast` (a register shuffle) hands value f to every lane from lane f % 8.
 * The texture GEMM's A rows and the convolutions' weight and output-gradient texels use it.
 */

/** Lanes of a subgroup on the adapters the subgroup forms run on (exactly this many). */
export const SUBGROUP = 8;

/**
 * WGSL `let` lines for `count` shared values (a multiple of SUBGROUP): share h is
 * `let t<h> = <fetch(h)>;`, fetched by every lane at its own offset `h·8 + lane`, then
 * value f is `let <name(f)> = subgroupBroadcast(t<f / 8>, f % 8);`.
 */
export function subgroupShareWGSL(count: number, fetch: (h: number) => string, name: (f: number) => string): string[] {
  const shares = Array.from({ length: count / SUBGROUP }, (_, h) => `let t${h} = ${fetch(h)};`);
  const values = Array.from({ length: count }, (_, f) => `let ${name(f)} = subgroupBroadcast(t${Math.floor(f / SUBGROUP)}, ${f % SUBGROUP}u);`);
  return [...shares, ...values];
}
