/** @prior/nn public API. */
export * from './module/index.js';
export * from './layers/index.js';
export * as init from './init/index.js';
export type { FactoryOptions } from './init/options.js';
export * from './losses/index.js';
export * from './optim/index.js';
export * from './schedule/index.js';
export * from './attention/index.js';
export * from './models/index.js';
export * from './checkpoint/index.js';
