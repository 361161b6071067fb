/**
 * Some decoders ship as CommonJS/UMD bundles: Node's ESM loader exposes them only as
 * `default`, bundlers as named exports. This picks whichever holds the functions.
 */
export function interop<T extends object>(mod: T): T {
  const d = (mod as { default?: unknown }).default;
  return (d && typeof d === 'object' ? d : mod) as T;
}
