/** @prior/datasets public API. */
export * from './errors.js';
export * from './images/index.js';
export * from './loader/index.js';
export * from './text/index.js';
export * from './layouts/index.js';
export * from './synth/index.js';
