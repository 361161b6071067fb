import type { Random } from '../../loader/rng.js';
import type { Image } from '../image.js';

/** One step of an augmentation pipeline; deterministic given the same `rand` stream. */
export type Transform = (img: Image, rand: Random) => Image;

/** Applies the steps in order, all drawing from the same stream. */
export function compose(...steps: Transform[]): Transform {
  return (img, rand) => steps.reduce((x, step) => step(x, rand), img);
}
