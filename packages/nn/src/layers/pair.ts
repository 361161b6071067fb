/** A size given as one number or an [h, w] pair. */
export type Pair = number | readonly [number, number];

export const toPair = (v: Pair): [number, number] => (typeof v === 'number' ? [v, v] : [v[0], v[1]]);
