// Setup file of the node project: Dawn's GPU classes come from the `webgpu` package.
import { globals } from 'webgpu';
import { trackWebGPU, type GPUClasses } from './webgpu-usage.js';

trackWebGPU(globals as unknown as GPUClasses);
