/** Errors of the pre-training loop; each names what went wrong and where. */

export class TrainingError extends Error {
  override name = 'TrainingError';
}

/** A loss term (or the gradient norm) became NaN or ±Inf: the run stops before updating the weights. */
export class NonFiniteLossError extends TrainingError {
  override name = 'NonFiniteLossError';
  constructor(
    /** The loss term ('glob', 'locImg', …), 'total' or 'gradNorm'. */
    readonly term: string,
    /** The optimiser step (1-based, over the whole run) whose forward produced it. */
    readonly step: number,
    readonly value: number,
    /** The last checkpoint written before it (null when none). */
    readonly lastCheckpoint: string | null,
  ) {
    super(
      `loss term '${term}' is ${value} at step ${step}; the weights were not updated` +
        (lastCheckpoint ? `, the last good checkpoint is ${lastCheckpoint}` : ', and no checkpoint had been written yet'),
    );
  }
}
