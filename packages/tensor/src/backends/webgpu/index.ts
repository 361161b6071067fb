export { createWebGPUBackend, type CreateWebGPUOptions } from './create.js';
export { WebGPUBackend } from './webgpu-backend.js';
export { GPUStorage } from './storage.js';
export { paceDawnTicks } from './dawn-ticks.js';
