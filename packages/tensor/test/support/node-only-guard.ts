import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vitest/config';

const packageRoot = fileURLToPath(new URL('../../', import.meta.url));
const nodeOnly = new Set(['webgpu', ...builtinModules]);

/**
 * Fails the browser build when the package's own code (src/ or test/) imports a
 * Node-only module: a `node:` builtin or Dawn's `webgpu` package. Browsers must reach
 * WebGPU through navigator.gpu alone. A non-literal dynamic import (the way the Node
 * path loads Dawn) is not resolved by Vite and so is not flagged.
 */
export function nodeOnlyGuard(): Plugin {
  return {
    name: 'prior:node-only-guard',
    enforce: 'pre',
    resolveId(source, importer) {
      if (!importer || importer.includes('/node_modules/') || !importer.startsWith(packageRoot)) return null;
      if (source.startsWith('node:') || nodeOnly.has(source)) {
        throw new Error(`${importer} imports the Node-only module '${source}', which must not reach the browser bundle`);
      }
      return null;
    },
  };
}
