/** What the suite asks of each peer (library or backend) it compares. */
import { type Timing, type TimingOptions, timeSteps } from '../timing.js';
import type { Workload } from '../types.js';

export interface Peer {
  readonly name: string;
  /** One line: version, adapter or BLAS, thread count. */
  readonly detail: string;
  /** Median timing of `w` after warm-up; throws with a reason if the peer cannot run it. */
  measure(w: Workload, o: TimingOptions): Promise<Timing & { note?: string }>;
  close(): Promise<void>;
}

/** A workload's inputs made ready on a peer: `step` runs it once and waits for the result. */
export interface Prepared {
  step(): Promise<void>;
  dispose(): void;
}

/** `measure` for peers that run in this process. */
export async function measurePrepared(p: Prepared, settle: () => Promise<void>, o: TimingOptions): Promise<Timing> {
  try {
    return await timeSteps(() => p.step(), settle, o);
  } finally {
    p.dispose();
  }
}
