// Setup file of the browser project: the GPU classes are the page's globals.
import { trackWebGPU, type GPUClasses } from './webgpu-usage.js';

if (typeof GPUAdapter !== 'undefined') trackWebGPU(globalThis as unknown as GPUClasses);
