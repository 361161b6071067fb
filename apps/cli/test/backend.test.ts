import { describe, expect, it } from 'vitest';
import { isSoftwareAdapter } from '../src/framework/backend.js';

describe('--backend auto', () => {
  it('treats CPU rasterisers as software adapters and GPUs as hardware', () => {
    expect(isSoftwareAdapter({ backend: 'webgpu', name: 'llvmpipe (LLVM 15.0.6, 256 bits)', description: 'Mesa 25.0.7' })).toBe(true);
    expect(isSoftwareAdapter({ backend: 'webgpu', name: 'SwiftShader Device (Subzero)', vendor: 'google' })).toBe(true);
    expect(isSoftwareAdapter({ backend: 'webgpu', name: 'NVIDIA H100 80GB HBM3', vendor: 'nvidia' })).toBe(false);
    expect(isSoftwareAdapter({ backend: 'cpu', name: 'cpu' })).toBe(false);
  });
});
