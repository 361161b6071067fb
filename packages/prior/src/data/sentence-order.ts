/**
 * Reports are sets of statements (shared/PRIOR.md §1): their sentence order is shuffled
 * every time a report is loaded. The order is a function of (seed, epoch, index) only,
 * so prefetching and resuming see the same order as an uninterrupted run.
 */
import { permutation, seededRandom } from '@prior/datasets';

/** A key separating this stream from the image augmentation's (same seed, epoch, index). */
const SENTENCE_STREAM = 0x5e47e9ce;

export function shuffledSentences(sentences: readonly string[], seed: number, epoch: number, index: number): string[] {
  const order = permutation(sentences.length, seededRandom(seed, epoch, index, SENTENCE_STREAM));
  return Array.from(order, (i) => sentences[i]);
}
