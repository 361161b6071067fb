/**
 * A method under evaluation (a table row): a name and a factory. Tasks that train the
 * encoder (fine-tuning, segmentation/detection with an unfrozen backbone) call `create`
 * for every (fraction, seed) so each run starts from the same weights; frozen tasks call
 * it once. An `Encoder` instance can stand in for a method (see `asMethod`).
 */
import type { Encoder } from '../../encoder.js';

export interface Method {
  name: string;
  /** A fresh encoder (same weights every call for a pre-trained model; `seed` only matters for random init). */
  create(seed: number): Encoder | Promise<Encoder>;
}

export type MethodLike = Method | Encoder;

const isEncoder = (m: MethodLike): m is Encoder => typeof (m as Encoder).encodeImages === 'function';

/**
 * A method from an encoder or factory. A bare encoder is reused as is: fine-tuning would
 * then continue from the previous run's weights, so tasks that train it refuse it.
 */
export function asMethod(m: MethodLike): Method & { reusable: boolean } {
  if (isEncoder(m)) return { name: m.name, create: () => m, reusable: false };
  return { ...m, create: (seed: number) => m.create(seed), reusable: true };
}
