/**
 * Batching. Stable API:
 *   Dataset<T> = { length, get(index, ctx?: { epoch, rand }) }, mapDataset(ds, fn)
 *   DataLoader(dataset, { batchSize, shuffle?, seed?, dropLast?, prefetch?, collate?, skipBad? })
 *     for await (const batch of loader) ...; state()/restore(); summary(); order(epoch)
 *   collate(records, { dtypes? }) → Batch of tensors (see collate.ts for the field rules)
 *   createImageDecoder({ workers?, workerUrl? }) → DecodePool (worker_threads) or InlineDecoder
 *   seededRandom(...keys), permutation(n, rand)
 */
export { type Dataset, type ItemContext, mapDataset } from './dataset.js';
export { DataLoader, type DataLoaderOptions, type LoaderState, type BadRecord } from './data-loader.js';
export { collate, type Batch, type HostArray, type CollateOptions } from './collate.js';
export { createImageDecoder, DecodePool, InlineDecoder, type ImageDecoder } from './image-decoder.js';
export { seededRandom, uniform, randInt, permutation, type Random } from './rng.js';
