/** Errors a user of @prior/eval can cause; each names the input and what was expected. */

/** A metric was given inputs it cannot score: mismatched lengths, a non-binary label, a bad option. */
export class MetricInputError extends Error {
  override name = 'MetricInputError';
  constructor(
    /** The metric, e.g. `auroc`. */
    readonly metric: string,
    /** The argument at fault, e.g. `labels[3]`. */
    readonly input: string,
    /** What it must be. */
    readonly expected: string,
    /** What was found, already rendered. */
    readonly got: string,
  ) {
    super(`${metric}: ${input} must be ${expected}, got ${got}`);
  }
}

/** A report or result could not be written: bad table layout, unknown method/task, bad plot data. */
export class ReportError extends Error {
  override name = 'ReportError';
}
